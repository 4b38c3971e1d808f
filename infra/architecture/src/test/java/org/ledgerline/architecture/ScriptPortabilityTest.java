package org.ledgerline.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The scripts a developer runs (everything under {@code bin/}) work on every laptop of README "Platforms": Linux
 * and WSL (bash 5, GNU userland) and macOS (bash 3.2, BSD userland). Nothing here runs macOS; instead each script
 * line is checked against the constructs that exist only in bash 4+ or only in GNU tools, and the test fails naming
 * file:line and the construct (a line may say why it is fine: {@code # portable-because: <reason>}, e.g. guarded by
 * an OS check). Then ShellCheck (Debian's {@code shellcheck}; {@code .ci/run} installs it) checks the
 * same files for warnings and errors.
 */
class ScriptPortabilityTest {

    /** A construct macOS's bash 3.2 or BSD userland lacks, and what to write instead. */
    record Rule(String name, Pattern pattern, String instead) {
        Rule(String name, String regex, String instead) {
            this(name, Pattern.compile(regex), instead);
        }
    }

    static final List<Rule> RULES = List.of(
            // bash 4 and later
            new Rule("mapfile/readarray (bash 4)", "(?<![\\w-])(mapfile|readarray)\\b", "a while-read loop"),
            new Rule(
                    "associative array (bash 4)",
                    "(?<![\\w-])(declare|local|typeset)\\s+-[a-zA-Z]*A",
                    "plain variables or a case statement"),
            new Rule(
                    "nameref or global declare (bash 4.2+)",
                    "(?<![\\w-])(declare|local|typeset)\\s+-[a-zA-Z]*[ng]",
                    "plain variables"),
            new Rule(
                    "case modification ${v,,} ${v^^} (bash 4)",
                    "\\$\\{[A-Za-z_][A-Za-z0-9_]*(\\[[^]]*])?(,|\\^)",
                    "tr '[:upper:]' '[:lower:]'"),
            new Rule(
                    "${v@Q} transformations (bash 4.4)",
                    "\\$\\{[A-Za-z_][A-Za-z0-9_]*(\\[[^]]*])?@[QEPAaKkUuL]\\}",
                    "printf %q"),
            new Rule("|& (bash 4)", "\\|&", "2>&1 |"),
            new Rule("&>> (bash 4)", "&>>", ">> file 2>&1"),
            new Rule("case fall-through ;& or ;;& (bash 4)", ";;?&", "separate patterns"),
            new Rule("coproc (bash 4)", "(?<![\\w-])coproc\\b", "a background job and a fifo"),
            new Rule("globstar/lastpipe (bash 4)", "shopt\\s+-s\\s+(globstar|lastpipe)", "find"),
            new Rule(
                    "automatic file descriptor {fd}> (bash 4.1)",
                    "\\{[A-Za-z_][A-Za-z0-9_]*}\\s*[<>]",
                    "a fixed descriptor"),
            new Rule("negative array index (bash 4.3)", "\\$\\{[A-Za-z_][A-Za-z0-9_]*\\[-[0-9]", "${a[${#a[@]}-1]}"),
            new Rule("[[ -v ]] / test -v (bash 4.2)", "(\\[\\[|\\[|\\btest)\\s+-v\\s", "[ -n \"${v+set}\" ]"),
            new Rule("wait -n (bash 4.3)", "(?<![\\w-])wait\\s+-n\\b", "wait for each pid"),
            new Rule(
                    "$EPOCHSECONDS/$EPOCHREALTIME/$BASHPID (bash 4/5)",
                    "\\$\\{?(EPOCHSECONDS|EPOCHREALTIME|BASHPID)\\b",
                    "date +%s"),
            new Rule("printf %(...)T (bash 4.2)", "printf\\s.*%\\([^)]*\\)T", "date"),
            new Rule("read -i / -N (bash 4)", "(?<![\\w-])read\\s+(-[a-zA-Z]+\\s+)*-[a-zA-Z]*[iN]", "read -r"),
            // GNU userland
            new Rule(
                    "readlink -f/-e/-m (GNU)",
                    "(?<![\\w-])readlink\\s+(-[a-zA-Z]*[fem]|--canonicalize)",
                    "ledgerline_resolve (bin/lib/jdk.sh) or cd -P + pwd -P"),
            new Rule("realpath (not on older macOS)", "(?<![\\w-])realpath\\b", "cd -P + pwd -P"),
            new Rule(
                    "sed -i (BSD needs a suffix argument)",
                    "(?<![\\w-])sed\\s+([^|;&]*\\s)?(-[a-zA-Z]*i|--in-place)",
                    "sed ... > tmp && mv tmp file"),
            new Rule("sed -r (GNU)", "(?<![\\w-])sed\\s+([^|;&]*\\s)?-[a-zA-Z]*r", "sed -E"),
            new Rule("date +%N (GNU)", "(?<![\\w-])date\\b[^|;&]*%N", "ledgerline_now_ms (bin/lib/clock.sh)"),
            new Rule("date -d (GNU)", "(?<![\\w-])date\\s+(-[a-zA-Z]+\\s+)*(-d|--date)\\b", "arithmetic on date +%s"),
            new Rule("stat -c/--format (GNU)", "(?<![\\w-])stat\\s+(-[a-zA-Z]*c|--format|--printf)", "wc -c or ls"),
            new Rule("grep -P (GNU)", "(?<![\\w-])grep\\s+([^|;&]*\\s)?(-[a-zA-Z]*P|--perl-regexp)", "grep -E"),
            new Rule("timeout (GNU coreutils)", "(?<![\\w$.-])timeout\\s+(-|[0-9])", "a loop with a deadline"),
            new Rule(
                    "sort -V (GNU; old macOS sort)",
                    "(?<![\\w-])sort\\s+([^|;&]*\\s)?(-[a-zA-Z]*V|--version-sort)",
                    "compare numbers"),
            new Rule(
                    "xargs -r (GNU)",
                    "(?<![\\w-])xargs\\s+([^|;&]*\\s)?(-[a-zA-Z]*r|--no-run-if-empty)",
                    "a while-read loop"),
            new Rule("find -printf (GNU)", "(?<![\\w-])find\\b[^|;&]*\\s-printf\\b", "find ... -exec"),
            new Rule("nproc (GNU coreutils)", "(?<![\\w-])nproc\\b", "getconf _NPROCESSORS_ONLN"),
            new Rule("sha256sum/md5sum (GNU)", "(?<![\\w-])(sha\\d+sum|md5sum)\\b", "shasum -a 256"),
            new Rule("base64 -w (GNU)", "(?<![\\w-])base64\\s+(-[a-zA-Z]*w|--wrap)", "base64 | tr -d '\\n'"),
            new Rule("/proc (Linux only)", "(?<![\\w.-])/proc/", "ps -o rss= -p PID"),
            new Rule("free (Linux only)", "(?<![\\w$.-])free\\s+-", "sysctl on macOS"));

    /** {@code "${a[@]}"}: under {@code set -u}, bash before 4.4 calls an empty array unbound. */
    private static final Pattern ARRAY_EXPANSION = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)\\[[@*]](:[^}]*)?}");

    /** A line that says why it may (guarded by an OS check, say): {@code # portable-because: ...}. */
    private static final String EXCEPTION = "# portable-because: ";

    private static final Pattern NOUNSET = Pattern.compile("(?m)^\\s*set\\s+(-[a-zA-Z]*u|-o\\s+nounset)");

    record Finding(String file, int line, String construct, String instead, String text) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + construct + " (write " + instead + " instead): " + text.strip();
        }
    }

    @Test
    void the_scripts_use_no_bash_4_or_gnu_only_construct() throws IOException {
        Path root = repositoryRoot();
        List<Path> scripts = scripts(root);
        assertTrue(scripts.size() >= 5, "bin/ scripts found: " + scripts);
        List<Finding> findings = new ArrayList<>();
        for (Path script : scripts) {
            findings.addAll(check(root.relativize(script).toString().replace('\\', '/'), Files.readString(script)));
        }
        if (!findings.isEmpty()) {
            fail("Constructs macOS (bash 3.2, BSD userland) lacks; README \"Platforms\":\n"
                    + String.join("\n", findings.stream().map(Finding::toString).toList()));
        }
    }

    /** The rules find what they are meant to (each on a sample) and pass the portable way of writing it. */
    @Test
    void the_rules_catch_their_constructs() {
        String broken = String.join(
                "\n",
                "#!/usr/bin/env bash",
                "set -euo pipefail",
                "here=$(readlink -f \"$0\")",
                "mapfile -t lines < file",
                "declare -A seen",
                "echo \"${name,,}\"",
                "start=$(date +%s%N)",
                "sed -i 's/a/b/' file",
                "size=$(stat -c %s file)",
                "grep -qP '\\d+' file",
                "timeout 10 curl -s x",
                "ls | sort -rV",
                "make |& tee log",
                "rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)",
                "args=()",
                "exec java \"${args[@]}\"");
        List<String> found = check("sample", broken).stream()
                .map(f -> f.line() + " " + f.construct())
                .toList();
        assertEquals(
                List.of(
                        "3 readlink -f/-e/-m (GNU)",
                        "4 mapfile/readarray (bash 4)",
                        "5 associative array (bash 4)",
                        "6 case modification ${v,,} ${v^^} (bash 4)",
                        "7 date +%N (GNU)",
                        "8 sed -i (BSD needs a suffix argument)",
                        "9 stat -c/--format (GNU)",
                        "10 grep -P (GNU)",
                        "11 timeout (GNU coreutils)",
                        "12 sort -V (GNU; old macOS sort)",
                        "13 |& (bash 4)",
                        "14 /proc (Linux only)",
                        "16 empty \"${a[@]}\" under set -u (bash < 4.4)"),
                found);

        String portable = String.join(
                "\n",
                "#!/usr/bin/env bash",
                "set -euo pipefail",
                "# readlink -f and date +%N in a comment are fine",
                "timeout=5 # a variable named timeout",
                "echo \"${#args[@]} ${name:-x}\" 2>&1 | grep -E 'x' | sed -n 's/a/b/p'",
                "exec java ${args[@]+\"${args[@]}\"} \"$@\"",
                "sleep 0.5; ps -o rss= -p \"$pid\"");
        assertEquals(List.of(), check("sample", portable));
    }

    @Test
    void shellcheck_finds_no_warning() throws Exception {
        boolean required = "1".equals(System.getenv("LEDGERLINE_REQUIRE_SHELLCHECK"));
        boolean present = runs(List.of("shellcheck", "--version"));
        if (!present) {
            assertTrue(!required, "LEDGERLINE_REQUIRE_SHELLCHECK=1 but no shellcheck on PATH");
            Assumptions.abort("shellcheck not installed (Debian/Ubuntu: apt-get install shellcheck; macOS: brew"
                    + " install shellcheck); .ci/run installs it");
        }
        Path root = repositoryRoot();
        List<String> command = new ArrayList<>(List.of("shellcheck", "--severity=warning", "--shell=bash", "-x"));
        for (Path script : scripts(root)) {
            command.add(root.relativize(script).toString());
        }
        command.add(".ci/run");
        Process shellcheck = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(shellcheck.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(shellcheck.waitFor(120, TimeUnit.SECONDS), "shellcheck did not finish");
        assertEquals(0, shellcheck.exitValue(), "shellcheck " + String.join(" ", command) + ":\n" + out);
    }

    static List<Finding> check(String file, String text) {
        List<Finding> findings = new ArrayList<>();
        boolean nounset = NOUNSET.matcher(text).find();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(EXCEPTION)) {
                continue;
            }
            String code = withoutComment(lines[i]);
            for (Rule rule : RULES) {
                if (rule.pattern().matcher(code).find()) {
                    findings.add(new Finding(file, i + 1, rule.name(), rule.instead(), lines[i]));
                }
            }
            if (nounset) {
                Matcher array = ARRAY_EXPANSION.matcher(code);
                while (array.find()) {
                    String guard = "${" + array.group(1) + "[@]+";
                    String before = code.substring(0, array.start());
                    if (!before.endsWith(guard + "\"") && !before.endsWith(guard)) {
                        findings.add(new Finding(
                                file,
                                i + 1,
                                "empty \"${a[@]}\" under set -u (bash < 4.4)",
                                "${a[@]+\"${a[@]}\"}",
                                lines[i]));
                        break;
                    }
                }
            }
        }
        return findings;
    }

    /** The line without a comment: a # at the start or after a blank, outside quotes. */
    static String withoutComment(String line) {
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && !single) {
                i++;
            } else if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single) {
                dbl = !dbl;
            } else if (c == '#' && !single && !dbl && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    /** Every file under bin/ (scripts and the libraries they source), build output aside. */
    static List<Path> scripts(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root.resolve("bin"))) {
            return walk.filter(Files::isRegularFile)
                    .filter(path -> !path.toString().contains("/target/"))
                    .sorted()
                    .toList();
        }
    }

    private static boolean runs(List<String> command) {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve(".mvn"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No repository root (a folder with mvnw and .mvn) above "
                + Path.of("").toAbsolutePath());
    }
}
