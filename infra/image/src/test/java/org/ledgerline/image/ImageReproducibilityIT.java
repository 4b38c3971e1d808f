package org.ledgerline.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The build makes the image twice, each time from scratch (the base with its jlinked runtime, then Jib; executions
 * image-base-again and image-tar-again of infra/image/pom.xml): both must be the same image, byte for byte.
 */
class ImageReproducibilityIT {

    @Test
    void two_builds_from_the_same_sources_give_the_same_image() throws IOException {
        Path first = ImageTarball.path("image.tar");
        Path second = ImageTarball.path("image.tar-again");
        ImageTarball one = ImageTarball.read(first);
        ImageTarball two = ImageTarball.read(second);

        assertThat(one.config().path("created").asText()).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(two.diffIds()).as("layer digests (unpacked)").isEqualTo(one.diffIds());
        assertThat(two.layers())
                .extracting(ImageTarball.Layer::blob)
                .as("layer digests (gzipped)")
                .isEqualTo(one.layers().stream().map(ImageTarball.Layer::blob).toList());
        assertThat(two.configDigest()).as("image id").isEqualTo(one.configDigest());
        String digest =
                Files.readString(first.resolveSibling("jib-image.digest")).strip();
        assertThat(Files.readString(second.resolveSibling("jib-image.digest")).strip())
                .as("image digest")
                .isEqualTo(digest)
                .startsWith("sha256:");
        System.out.println("Both builds: image digest " + digest + ", image id " + one.configDigest());
    }
}
