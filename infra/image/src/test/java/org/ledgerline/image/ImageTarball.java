package org.ledgerline.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * An image tarball as Jib's {@code buildTar} writes it (Docker format: {@code manifest.json}, the config JSON, one
 * gzipped tar per layer), read with Commons Compress: the config, and each layer's name, sizes and entries.
 */
record ImageTarball(Path file, JsonNode manifest, JsonNode config, byte[] configBytes, List<Layer> layers) {

    /** One layer: the history comment Jib gives it, its gzipped and unpacked sizes, its entries by path. */
    record Layer(
            String comment,
            String blob,
            long compressedSize,
            long size,
            Map<String, TarArchiveEntry> entries,
            byte[] gzipped) {}

    static Path path(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException(
                    "system property " + property + " is set by infra/image/pom.xml (failsafe)");
        }
        return Path.of(value);
    }

    static ImageTarball read(Path file) {
        try {
            Map<String, byte[]> blobs = new LinkedHashMap<>();
            try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(file))) {
                for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                    blobs.put(entry.getName(), tar.readAllBytes());
                }
            }
            ObjectMapper json = new ObjectMapper();
            JsonNode manifest = json.readTree(blobs.get("manifest.json")).get(0);
            byte[] configBytes = blobs.get(manifest.get("Config").asText());
            JsonNode config = json.readTree(configBytes);
            List<Layer> layers = new ArrayList<>();
            JsonNode history = config.get("history");
            for (int i = 0; i < manifest.get("Layers").size(); i++) {
                String blob = manifest.get("Layers").get(i).asText();
                byte[] gzipped = blobs.get(blob);
                long size = 0;
                Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
                try (TarArchiveInputStream layer =
                        new TarArchiveInputStream(new GZIPInputStream(new java.io.ByteArrayInputStream(gzipped)))) {
                    for (TarArchiveEntry entry = layer.getNextEntry(); entry != null; entry = layer.getNextEntry()) {
                        entries.put(
                                "/" + entry.getName().replaceFirst("^\\./", "").replaceFirst("/$", ""), entry);
                        size += entry.getSize();
                    }
                }
                layers.add(new Layer(
                        history.get(i).path("comment").asText(), blob, gzipped.length, size, entries, gzipped));
            }
            return new ImageTarball(file, manifest, config, configBytes, layers);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the image tarball " + file, e);
        }
    }

    Layer layer(String comment) {
        return layers.stream()
                .filter(layer -> layer.comment().equals(comment))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no layer '" + comment + "' in " + layerComments()));
    }

    /** The content of a file of the image, from the topmost layer that has it. */
    byte[] content(String path) {
        for (int i = layers.size() - 1; i >= 0; i--) {
            Layer layer = layers.get(i);
            if (!layer.entries().containsKey(path)) {
                continue;
            }
            try (TarArchiveInputStream tar =
                    new TarArchiveInputStream(new GZIPInputStream(new java.io.ByteArrayInputStream(layer.gzipped())))) {
                for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                    if (("/" + entry.getName().replaceFirst("^\\./", "")).equals(path)) {
                        return tar.readAllBytes();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new AssertionError(path + " is in no layer of the image");
    }

    List<String> layerComments() {
        return layers.stream().map(Layer::comment).toList();
    }

    /** The layers' diff ids: the sha256 of each unpacked layer, as the config lists them. */
    List<String> diffIds() {
        List<String> ids = new ArrayList<>();
        config.get("rootfs").get("diff_ids").forEach(id -> ids.add(id.asText()));
        return ids;
    }

    /** The image's digest in the sense of its content: the sha256 of its config (which names every layer). */
    String configDigest() {
        return sha256(configBytes);
    }

    /** Unpacks every layer in order into {@code root}, as a container runtime lays out the image's file system. */
    void unpackInto(Path root) {
        try {
            Files.createDirectories(root);
            for (Layer layer : layers) {
                Path blob = Files.createTempFile(root.getParent(), "layer", ".tar.gz");
                Files.write(blob, layer.gzipped());
                // GNU tar keeps modes, owners and the sticky bit exactly as the layer has them.
                Process untar = new ProcessBuilder(
                                "tar", "-xzf", blob.toString(), "-C", root.toString(), "--numeric-owner", "-p")
                        .redirectErrorStream(true)
                        .start();
                String output = new String(untar.getInputStream().readAllBytes());
                if (untar.waitFor() != 0) {
                    throw new IllegalStateException("tar failed on layer " + layer.comment() + ": " + output);
                }
                Files.delete(blob);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            in.transferTo(new java.security.DigestOutputStream(java.io.OutputStream.nullOutputStream(), digest));
            return "sha256:" + HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
