package org.ledgerline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A command line tool the deployment tests run (docker-compose, kubectl). A missing tool FAILS the test (never skips
 * it): .ci/run installs both (Debian's docker-compose and kubernetes-client).
 */
record Tool(String name, String debianPackage) {

    static final Tool DOCKER_COMPOSE = new Tool("docker-compose", "docker-compose");
    static final Tool KUBECTL = new Tool("kubectl", "kubernetes-client");

    /** What a run printed and how it ended. */
    record Result(int exitCode, String stdout, String stderr) {}

    /** The tool's path on PATH; fails the test when there is none. */
    Path path() {
        String pathVariable = System.getenv().getOrDefault("PATH", "");
        for (String dir : pathVariable.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(name + " is not on PATH: the deployment tests need it (install Debian's '"
                + debianPackage + "', as .ci/run does: command -v " + name + " || apt-get install -y "
                + debianPackage + ")");
    }

    /** Runs the tool in {@code directory} with only {@code environment} (and PATH, HOME) set. */
    Result run(Path directory, Map<String, String> environment, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(path().toString());
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> !key.equals("PATH") && !key.equals("HOME"));
        env.putAll(environment);
        try {
            Path out = Files.createTempFile("deploy-tool", ".out");
            Path err = Files.createTempFile("deploy-tool", ".err");
            Process process = builder.redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            assertThat(process.waitFor(2, TimeUnit.MINUTES))
                    .as(command + " ended within two minutes")
                    .isTrue();
            Result result = new Result(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
