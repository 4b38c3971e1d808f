package org.ledgerline.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/lib/jdk.sh finds a JDK 21+ where developers keep them, with symbolic links resolved without GNU's
 * {@code readlink -f}. Fake JDKs (a {@code java} that states a version) under a throw-away HOME; the PATH holds only
 * the tools the script needs, so the machine's own JDKs count only through {@code /usr/lib/jvm} (the fakes claim
 * versions no real JDK has). macOS's {@code /usr/libexec/java_home} cannot be faked here (README "Platforms").
 */
class JdkDiscoveryTest {

    private static final List<String> TOOLS =
            List.of("bash", "awk", "dirname", "basename", "readlink", "uname", "head", "cat", "sed");

    @TempDir
    Path home;

    @Test
    void keeps_a_java_home_that_is_new_enough() throws Exception {
        Path jdk = fakeJdk(home.resolve("jdks/jdk-23"), "23");
        fakeJdk(home.resolve(".sdkman/candidates/java/99.0.0-fake"), "99");
        assertEquals(jdk.toString(), javaHome(Map.of("JAVA_HOME", jdk.toString()), List.of()));
    }

    @Test
    void takes_the_javac_on_path_through_relative_symbolic_links() throws Exception {
        Path jdk = fakeJdk(home.resolve("opt/jdk-22"), "22");
        fakeJdk(home.resolve(".sdkman/candidates/java/99.0.0-fake"), "99");
        // javac on PATH -> ../alternatives/javac -> the JDK's javac, relative links as Debian's alternatives make them
        Path onPath = Files.createDirectories(home.resolve("bin"));
        Path alternatives = Files.createDirectories(home.resolve("alternatives"));
        Files.createSymbolicLink(alternatives.resolve("javac"), Path.of("../opt/jdk-22/bin/javac"));
        Files.createSymbolicLink(onPath.resolve("javac"), Path.of("../alternatives/javac"));
        assertEquals(jdk.toString(), javaHome(Map.of(), List.of(onPath)));
    }

    @Test
    void otherwise_takes_the_newest_sdkman_jdk_and_skips_old_ones() throws Exception {
        Path old = fakeJdk(home.resolve("jdks/jdk-17"), "17");
        fakeJdk(home.resolve(".sdkman/candidates/java/8.0.402-tem"), "1.8");
        fakeJdk(home.resolve(".sdkman/candidates/java/98.0.0-fake"), "98");
        Path newest = fakeJdk(home.resolve(".sdkman/candidates/java/99.0.0-fake"), "99");
        Files.createSymbolicLink(home.resolve(".sdkman/candidates/java/current"), newest);
        String found = javaHome(Map.of("JAVA_HOME", old.toString()), List.of());
        assertTrue(found.equals(newest.toString()) || found.endsWith("/candidates/java/current"), found);
    }

    /** A JDK home whose java prints {@code java.specification.version = <version>} as the real one does. */
    private static Path fakeJdk(Path jdk, String version) throws IOException {
        Path bin = Files.createDirectories(jdk.resolve("bin"));
        String java = "#!/bin/sh\necho '    java.specification.version = " + version + "' >&2\n";
        Files.writeString(bin.resolve("java"), java);
        Files.writeString(bin.resolve("javac"), "#!/bin/sh\nexit 0\n");
        for (String tool : List.of("java", "javac")) {
            Files.setPosixFilePermissions(bin.resolve(tool), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return jdk;
    }

    /** Sources jdk.sh in a clean environment and answers the JAVA_HOME it chose. */
    private String javaHome(Map<String, String> environment, List<Path> firstOnPath) throws Exception {
        Path tools = Files.createDirectories(home.resolve("tools"));
        Path bashBinary = null;
        for (String tool : TOOLS) {
            for (String dir : List.of("/usr/bin", "/bin")) {
                Path real = Path.of(dir, tool);
                if (Files.isExecutable(real) && !Files.exists(tools.resolve(tool))) {
                    bashBinary = tool.equals("bash") ? real : bashBinary;
                    // a small script, not a link: nothing in the temporary folder points out of it
                    Files.writeString(tools.resolve(tool), "#!/bin/sh\nexec '" + real + "' \"$@\"\n");
                    Files.setPosixFilePermissions(tools.resolve(tool), PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
        }
        assertTrue(bashBinary != null, "no bash in /usr/bin or /bin");
        StringBuilder path = new StringBuilder();
        for (Path dir : firstOnPath) {
            path.append(dir).append(':');
        }
        path.append(tools);
        Path script = ScriptPortabilityTest.repositoryRoot().resolve("bin/lib/jdk.sh");
        ProcessBuilder bash = new ProcessBuilder(
                bashBinary.toString(),
                "-c",
                "set -eu; source \"$1\"; ledgerline_use_jdk; printf '%s' \"$JAVA_HOME\"",
                "jdk-test",
                script.toString());
        bash.environment().clear();
        bash.environment().put("HOME", home.toString());
        bash.environment().put("PATH", path.toString());
        bash.environment().putAll(environment);
        bash.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process process = bash.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "jdk.sh did not finish");
        assertEquals(0, process.exitValue(), "jdk.sh found no JDK: " + out);
        return out;
    }
}
