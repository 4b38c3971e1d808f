package org.ledgerline.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The module picture in {@code docs/architecture.md} is the reactor's: its plain list names every {@code <module>}
 * of the poms and nothing else, and its Mermaid graph has one node per built module and exactly the edges of their
 * compile dependencies on each other. Change a pom without the picture (or the reverse) and this fails.
 */
class ModuleMapTest {

    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern DEPENDENCY = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL);
    private static final Pattern LIST_ITEM = Pattern.compile("^- `([a-z0-9/-]+)/?`", Pattern.MULTILINE);
    private static final Pattern EDGE =
            Pattern.compile("^\\s*([a-z0-9_]+)\\s*-->\\s*([a-z0-9_]+)\\s*$", Pattern.MULTILINE);
    private static final Pattern NODE = Pattern.compile("^\\s*([a-z0-9_]+)\\[", Pattern.MULTILINE);

    private final Path root = repositoryRoot();

    @Test
    void the_module_list_names_every_reactor_module_and_nothing_else() throws IOException {
        Set<String> listed = new TreeSet<>(matches(LIST_ITEM, section(document(), "## Modules"), 1));
        assertThat(listed).isEqualTo(reactorModules());
    }

    @Test
    void the_graph_has_a_node_per_module_and_the_poms_dependencies_as_edges() throws IOException {
        String graph = mermaid(document());
        // Mermaid ids spell an artifactId's '-' as '_'.
        Set<String> nodes = new TreeSet<>();
        for (String id : matches(NODE, graph, 1)) {
            nodes.add(id.replace('_', '-'));
        }
        Set<String> edges = new TreeSet<>();
        Matcher edge = EDGE.matcher(graph);
        while (edge.find()) {
            edges.add(edge.group(1).replace('_', '-') + " --> " + edge.group(2).replace('_', '-'));
        }
        Set<String> artifacts = new TreeSet<>();
        Set<String> dependencies = new TreeSet<>();
        for (String module : reactorModules()) {
            String pom = Files.readString(root.resolve(module).resolve("pom.xml"));
            if (pom.contains("<packaging>pom</packaging>")) {
                continue;
            }
            String artifact = ownArtifactId(pom);
            artifacts.add(artifact);
            for (String target : compileDependencies(pom)) {
                dependencies.add(artifact + " --> " + target);
            }
        }
        assertThat(nodes).as("nodes of the Mermaid graph").isEqualTo(artifacts);
        assertThat(edges)
                .as("edges of the Mermaid graph (compile dependencies between modules)")
                .isEqualTo(dependencies);
    }

    /** Every {@code <module>} of the root pom and of the aggregators below it, as paths from the root. */
    private Set<String> reactorModules() throws IOException {
        Set<String> modules = new TreeSet<>();
        collectModules("", modules);
        return modules;
    }

    private void collectModules(String prefix, Set<String> into) throws IOException {
        String pom = Files.readString(root.resolve(prefix).resolve("pom.xml"));
        for (String module : matches(MODULE, pom, 1)) {
            String path = prefix.isEmpty() ? module.trim() : prefix + "/" + module.trim();
            into.add(path);
            collectModules(path, into);
        }
    }

    private static String ownArtifactId(String pom) {
        String afterParent = pom.substring(pom.indexOf("</parent>"));
        Matcher matcher = Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(afterParent);
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    /** The project's own modules this one needs to compile and run (test-scoped ones are not part of the map). */
    private static List<String> compileDependencies(String pom) {
        List<String> targets = new ArrayList<>();
        int dependencies = pom.indexOf("<dependencies>", Math.max(0, pom.indexOf("</dependencyManagement>")));
        if (dependencies < 0) {
            return targets;
        }
        Matcher dependency = DEPENDENCY.matcher(pom.substring(dependencies));
        while (dependency.find()) {
            String body = dependency.group(1);
            if (body.contains("<groupId>org.ledgerline</groupId>") && !body.contains("<scope>test</scope>")) {
                Matcher artifact =
                        Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(body);
                assertThat(artifact.find()).isTrue();
                targets.add(artifact.group(1));
            }
        }
        return targets;
    }

    private String document() throws IOException {
        return Files.readString(root.resolve("docs/architecture.md"));
    }

    private static String section(String document, String heading) {
        int start = document.indexOf("\n" + heading + "\n");
        assertThat(start).as("docs/architecture.md has a section %s", heading).isNotNegative();
        int end = document.indexOf("\n## ", start + heading.length() + 1);
        return document.substring(start, end < 0 ? document.length() : end);
    }

    private static String mermaid(String document) {
        int start = document.indexOf("```mermaid");
        assertThat(start).as("docs/architecture.md has a Mermaid graph").isNotNegative();
        return document.substring(start, document.indexOf("```", start + 3));
    }

    private static List<String> matches(Pattern pattern, String text, int group) {
        List<String> found = new ArrayList<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(group));
        }
        return found;
    }

    /** The directory of the root pom, found upwards from where Maven runs this module's tests. */
    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path pom = dir.resolve("pom.xml");
            try {
                if (Files.exists(pom)
                        && Files.readString(pom).contains("<artifactId>ledgerline-parent</artifactId>")
                        && !Files.readString(pom).contains("<relativePath>")) {
                    return dir;
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no root pom above " + Path.of("").toAbsolutePath());
    }
}
