package org.ledgerline.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No file of the repository refers to a path that is not in it: someone who clones it must never meet a dead
 * reference. Checked in every tracked text file (Markdown, Java, scripts, YAML, SQL, ...):
 * <ul>
 * <li>Markdown links and images with a relative target ({@code [ADR 0011](adr/0011-x.md#why)}, {@code ![](x.png)}),
 * resolved against the citing file's folder, the anchor and query dropped. URLs, site paths ({@code /dashboard}) and
 * same-page anchors are not files. Links inside code are text, not links.</li>
 * <li>Cited paths, in code or in prose: a path whose first segment is a top-level entry of the repository
 * ({@code docs/api.md}, {@code infra/platform/src/...}, {@code bin/bench}), and any {@code *.md} name. They are
 * resolved from the repository's root, then from the citing file's folder. Build output ({@code target/}), the
 * platform's data directory ({@code .ledgerline/}) and patterns ({@code *}, {@code <name>}, {@code {id}}) are not
 * paths of the repository and are skipped.</li>
 * </ul>
 */
class RepositoryReferencesTest {

    private static final Set<String> TEXT_EXTENSIONS = Set.of(
            "md",
            "java",
            "xml",
            "yaml",
            "yml",
            "properties",
            "sh",
            "sql",
            "js",
            "html",
            "css",
            "json",
            "txt",
            "cmd",
            "imports",
            "factories");
    /** Generated or local, never part of a clone (also when git is not there to say it ignores them). */
    private static final Set<String> NOT_IN_A_CLONE = Set.of("target", ".ledgerline", ".git", "node_modules");

    private static final Pattern FENCE = Pattern.compile("(?ms)^\\s*(```|~~~).*?^\\s*\\1\\s*$");
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)(?:(?!\\1).)+?\\1", Pattern.DOTALL);
    private static final Pattern LINK =
            Pattern.compile("!?\\[[^\\]\\n]*]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern REFERENCE_DEFINITION =
            Pattern.compile("(?m)^\\s{0,3}\\[[^\\]]+]:\\s*<?(\\S+?)>?(?:\\s|$)");
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
    /**
     * A run of path characters with at least one {@code /}, or a {@code .md} name; not the tail of a longer word,
     * URL or variable ({@code https://host/x}, {@code $HOME/x}), and not followed by a pattern ({@code *},
     * {@code <name>}, {@code {id}}). Possessive, so a pattern is skipped whole rather than checked in part.
     */
    private static final Pattern CITED_PATH =
            Pattern.compile("(?<![A-Za-z0-9_./\\-$@:~*>}])((?:\\.\\./)*+[A-Za-z0-9_.\\-]++(?:/[A-Za-z0-9_.\\-]++)*+/?+)"
                    + "(?![A-Za-z0-9_/\\-*{}\u2026]|<[A-Za-z])");

    /** One reference that does not resolve: where it is, and what it names. */
    record Dead(String file, int line, String kind, String target, String path) {

        @Override
        public String toString() {
            return file + ":" + line + ": " + kind + " " + target;
        }
    }

    @Test
    void everyReferenceInTheRepositoryResolves() throws IOException {
        Path root = repositoryRoot();
        List<String> files = repositoryFiles(root);
        Paths paths = new Paths(files);
        String self = root.relativize(Path.of("src/test/java/org/ledgerline/architecture/RepositoryReferencesTest.java")
                        .toAbsolutePath()
                        .normalize())
                .toString()
                .replace('\\', '/');
        List<Dead> dead = new ArrayList<>();
        for (String file : files) {
            if (file.equals(self) || !isText(file)) {
                continue; // this file's examples of dead references are the point of its other test
            }
            String text = read(root.resolve(file));
            if (text != null) {
                dead.addAll(deadReferences(file, text, paths));
            }
        }
        Set<String> ignored = ignoredByGit(root, dead.stream().map(Dead::path).toList());
        List<String> report = dead.stream()
                .filter(d -> !ignored.contains(d.path()))
                .map(Dead::toString)
                .toList();
        if (!report.isEmpty()) {
            fail(report.size() + " reference(s) to a path that is not in the repository (fix the path, or say it in "
                    + "words):\n  " + String.join("\n  ", report));
        }
    }

    @Test
    void findsDeadLinksAndPathsButNotUrlsAnchorsCodeOrPatterns() {
        Paths paths = new Paths(List.of(
                "docs/api.md",
                "docs/adr/0001-stack.md",
                "bin/bench",
                "README.md",
                "infra/platform/src/test/java/x/SomeIT.java"));
        String text = """
                Fine: [the API](api.md#errors), [ADR](adr/0001-stack.md), `bin/bench --scale smoke`, docs/api.md.
                Fine: [site](https://example.org/x.md), [page](/dashboard), [here](#top), `infra/*/pom.xml`,
                `infra/platform/target/x.jar`, `docs/adr/<number>-<title>.md`, `.ledgerline/admin-password`,
                README.md, `docs/adr/0001` (its number), infra/platform/src/test/java/x/SomeIT (a class), and in
                prose "docs/api.md".
                Inline code is not a link: `[x](nowhere-link.md)` but its .md name is a cited path.
                ```
                [y](fenced-link.md) is text; bin/gone is a cited path
                ```
                Dead: [gone](gone.md), [up](../../outside.md), `infra/nothing/here.java`, elsewhere/design/API.md.
                """;
        List<Dead> dead = deadReferences("docs/x.md", text, paths);
        Set<String> found = new TreeSet<>();
        dead.forEach(d -> found.add(d.kind() + " " + d.target()));
        assertEquals(
                new TreeSet<>(List.of(
                        "link gone.md",
                        "link ../../outside.md",
                        "path nowhere-link.md",
                        "path bin/gone",
                        "path fenced-link.md",
                        "path infra/nothing/here.java",
                        "path elsewhere/design/API.md")),
                found,
                dead.toString());
        assertTrue(dead.stream().anyMatch(d -> d.toString().equals("docs/x.md:10: link gone.md")), dead.toString());
    }

    /** The references of one file that do not resolve. */
    static List<Dead> deadReferences(String file, String text, Paths paths) {
        List<Dead> dead = new ArrayList<>();
        List<int[]> links = new ArrayList<>();
        Path folder = parentOf(file);
        boolean markdown = file.endsWith(".md");
        if (markdown) {
            String prose = blankOut(blankOut(text, FENCE), CODE_SPAN);
            for (Pattern pattern : List.of(LINK, REFERENCE_DEFINITION)) {
                Matcher link = pattern.matcher(prose);
                while (link.find()) {
                    String target = link.group(1);
                    links.add(new int[] {link.start(1), link.end(1)});
                    if (SCHEME.matcher(target).find() || target.startsWith("#") || target.startsWith("/")) {
                        continue;
                    }
                    String path = URLDecoder.decode(target.replaceAll("[#?].*$", ""), StandardCharsets.UTF_8);
                    Path resolved = folder.resolve(path).normalize();
                    if (!path.isEmpty() && (resolved.startsWith("..") || !paths.exists(slashed(resolved)))) {
                        dead.add(new Dead(file, lineOf(text, link.start(1)), "link", target, slashed(resolved)));
                    }
                }
            }
        }
        Matcher cited = CITED_PATH.matcher(text);
        while (cited.find()) {
            int at = cited.start(1);
            if (links.stream().anyMatch(link -> link[0] <= at && at < link[1])) {
                continue; // checked as a link
            }
            String path = cited.group(1).replaceAll("[.]+$", "");
            if (!isRepositoryPath(path, paths, markdown)) {
                continue;
            }
            boolean found =
                    path.contains("/") ? paths.exists(path) || resolvesFrom(folder, path, paths) : paths.hasName(path);
            if (!found) {
                dead.add(new Dead(file, lineOf(text, at), "path", path, path));
            }
        }
        dead.sort(Comparator.comparingInt(Dead::line));
        return dead;
    }

    /**
     * Whether a run of path characters names a file of the repository: it starts at one of its top-level entries, or
     * it names a Markdown file. Paths up and out ({@code ../}) only count in Markdown (elsewhere they are test data
     * such as {@code ../../etc/passwd}, or a pom's parent, which Maven checks itself).
     */
    private static boolean isRepositoryPath(String path, Paths paths, boolean markdown) {
        if (path.isEmpty() || notInAClone(path) || Stream.of(path.split("/")).anyMatch(s -> s.matches("\\.{3,}"))) {
            return false;
        }
        if (path.startsWith("../")) {
            return markdown;
        }
        return path.endsWith(".md") && !path.startsWith(".")
                || path.contains("/") && paths.isTopLevel(path.substring(0, path.indexOf('/')));
    }

    private static boolean resolvesFrom(Path folder, String path, Paths paths) {
        Path resolved = folder.resolve(path).normalize();
        return !resolved.startsWith("..") && paths.exists(slashed(resolved));
    }

    /**
     * The repository's paths: files and the folders that hold them. A path also resolves when it names a file
     * without its extension or by the start of its name up to a {@code -} ({@code docs/adr/0003} is ADR 0003's
     * file, {@code .../SagaDashboardBrowserIT} the test class).
     */
    static final class Paths {

        private final NavigableSet<String> all = new TreeSet<>();
        private final Set<String> names = new HashSet<>();
        private final Set<String> topLevel = new HashSet<>();

        Paths(List<String> files) {
            for (String file : files) {
                names.add(file.substring(file.lastIndexOf('/') + 1));
                for (String path = file;
                        path != null;
                        path = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : null) {
                    all.add(path);
                    if (!path.contains("/")) {
                        topLevel.add(path);
                    }
                }
            }
        }

        boolean isTopLevel(String name) {
            return topLevel.contains(name);
        }

        boolean hasName(String name) {
            return names.contains(name);
        }

        boolean exists(String path) {
            String plain = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
            return all.contains(plain) || startsAName(plain + ".") || startsAName(plain + "-");
        }

        private boolean startsAName(String prefix) {
            String next = all.ceiling(prefix);
            return next != null && next.startsWith(prefix) && next.indexOf('/', prefix.length()) < 0;
        }
    }

    private static boolean notInAClone(String path) {
        return Stream.of(path.split("/")).anyMatch(NOT_IN_A_CLONE::contains);
    }

    private static boolean isText(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? !name.equals("LICENSE") : TEXT_EXTENSIONS.contains(name.substring(dot + 1));
    }

    private static Path parentOf(String file) {
        Path parent = Path.of(file).getParent();
        return parent == null ? Path.of("") : parent;
    }

    private static String slashed(Path path) {
        return path.toString().replace('\\', '/');
    }

    /** Replaces each match by spaces, keeping its line breaks, so offsets and line numbers stay those of the file. */
    private static String blankOut(String text, Pattern pattern) {
        StringBuilder out = new StringBuilder(text);
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            for (int i = matcher.start(); i < matcher.end(); i++) {
                if (out.charAt(i) != '\n') {
                    out.setCharAt(i, ' ');
                }
            }
        }
        return out.toString();
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static String read(Path file) throws IOException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            return null; // not text
        }
    }

    /** The module runs with its own folder as working directory; the root is where the Maven wrapper is. */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve(".mvn"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No repository root (a folder with mvnw and .mvn) above "
                + Path.of("").toAbsolutePath());
    }

    /**
     * The repository's files: git's tracked and not-ignored ones, so a new file counts before it is committed and a
     * scratch file in an ignored folder never does. Without git (an exported tree), every file outside build output.
     */
    private static List<String> repositoryFiles(Path root) throws IOException {
        List<String> listed = git(root, List.of("ls-files", "-z", "--cached", "--others", "--exclude-standard"), "");
        if (listed == null) {
            try (Stream<Path> walk = Files.walk(root)) {
                listed = walk.filter(Files::isRegularFile)
                        .map(path -> slashed(root.relativize(path)))
                        .filter(path -> !notInAClone(path))
                        .toList();
            }
        }
        return listed.stream()
                .filter(path -> Files.isRegularFile(root.resolve(path)))
                .sorted()
                .toList();
    }

    /** The paths git ignores: files a user or the build makes ({@code scrape-token}), not the repository's. */
    private static Set<String> ignoredByGit(Path root, List<String> paths) {
        if (paths.isEmpty()) {
            return Set.of();
        }
        List<String> ignored =
                git(root, List.of("check-ignore", "-z", "--no-index", "--stdin"), String.join("\0", paths) + "\0");
        return ignored == null ? Set.of() : new HashSet<>(ignored);
    }

    /** Runs git in the root; its NUL-separated output, or null without git or a repository. */
    private static List<String> git(Path root, List<String> arguments, String input) {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(arguments);
        try {
            Process git = new ProcessBuilder(command)
                    .directory(root.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            try (var stdin = git.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
            byte[] out = git.getInputStream().readAllBytes();
            // check-ignore answers 1 when nothing is ignored
            if (!git.waitFor(60, TimeUnit.SECONDS) || git.exitValue() > 1) {
                return null;
            }
            return Stream.of(new String(out, StandardCharsets.UTF_8).split("\0"))
                    .filter(s -> !s.isEmpty())
                    .toList();
        } catch (IOException e) {
            return null; // no git here
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while asking git", e);
        }
    }
}
