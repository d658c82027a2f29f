package dev.cnnc.runtime.opencl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Program binaries on disk, so that a second build of the same source for the same device and
 * driver skips the device compiler. One file per program, named by the SHA-256 of everything
 * the binary depends on: the source, the build options, the device name and version, the
 * driver version and the platform name and version.
 *
 * <p>A file is {@code CNNCBIN1}, the SHA-256 of the binary, then the binary. It is written to a
 * temporary file and renamed into place, so readers never see half a file. A file whose
 * checksum does not match, or whose binary the driver refuses, is counted as rejected; the
 * program is built from source and the file overwritten.
 */
public final class BinaryCache {
    private static final byte[] MAGIC = "CNNCBIN1".getBytes(StandardCharsets.US_ASCII);
    private static final String FORMAT = "cnnc-binary-cache-1";

    private final Path dir;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong stores = new AtomicLong();
    private volatile String lastProblem;

    private BinaryCache(Path dir) {
        this.dir = dir;
    }

    /** A cache in {@code dir} (created on the first store). */
    public static BinaryCache at(Path dir) {
        return new BinaryCache(dir);
    }

    /**
     * The cache {@code $CNNC_CACHE} names ({@code off} or {@code none}: no cache, null), else
     * {@code $XDG_CACHE_HOME/cnnc/kernels}, else {@code ~/.cache/cnnc/kernels}.
     */
    public static BinaryCache fromEnvironment() {
        return fromEnvironment(System.getenv(), System.getProperty("user.home"));
    }

    static BinaryCache fromEnvironment(java.util.Map<String, String> env, String home) {
        String dir = env.get("CNNC_CACHE");
        if (dir != null && !dir.isBlank()) {
            return dir.equalsIgnoreCase("off") || dir.equalsIgnoreCase("none") ? null : at(Path.of(dir));
        }
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(home, ".cache");
        return at(base.resolve("cnnc").resolve("kernels"));
    }

    /** The directory of the cache files. */
    public Path directory() {
        return dir;
    }

    /** The key (64 hex digits) of a program: what its binary depends on. */
    public String key(String source, String options, DeviceInfo device) {
        MessageDigest sha = sha256();
        for (String part : new String[] {FORMAT, source, options, device.name(), device.deviceVersion(),
                device.driverVersion(), device.platformName(), device.platformVersion()}) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            sha.update(lengthPrefix(bytes.length)); // ("ab", "c") and ("a", "bc") differ
            sha.update(bytes);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** The file of a key. */
    public Path file(String key) {
        return dir.resolve(key + ".bin");
    }

    /** The binary stored under {@code key}, if there is one and its checksum holds. */
    Optional<byte[]> load(String key) {
        byte[] data;
        try {
            data = Files.readAllBytes(file(key));
        } catch (NoSuchFileException e) {
            misses.incrementAndGet();
            return Optional.empty();
        } catch (IOException e) {
            rejected(key, "cannot read " + file(key) + ": " + e.getMessage());
            return Optional.empty();
        }
        int head = MAGIC.length + 32;
        if (data.length <= head || !Arrays.equals(data, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            rejected(key, file(key) + " is not a cnnc binary cache file");
            return Optional.empty();
        }
        byte[] binary = Arrays.copyOfRange(data, head, data.length);
        if (!Arrays.equals(sha256().digest(binary), Arrays.copyOfRange(data, MAGIC.length, head))) {
            rejected(key, file(key) + " is corrupt (checksum mismatch)");
            return Optional.empty();
        }
        return Optional.of(binary);
    }

    /** Stores a binary under {@code key}, atomically; false (and {@link #lastProblem}) when it cannot. */
    boolean store(String key, byte[] binary) {
        if (binary.length == 0) {
            lastProblem = "the driver gave an empty binary; nothing cached";
            return false;
        }
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, key + ".", ".tmp");
            byte[] data = new byte[MAGIC.length + 32 + binary.length];
            System.arraycopy(MAGIC, 0, data, 0, MAGIC.length);
            System.arraycopy(sha256().digest(binary), 0, data, MAGIC.length, 32);
            System.arraycopy(binary, 0, data, MAGIC.length + 32, binary.length);
            Files.write(tmp, data);
            try {
                Files.move(tmp, file(key), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file(key), StandardCopyOption.REPLACE_EXISTING);
            }
            stores.incrementAndGet();
            return true;
        } catch (IOException e) {
            lastProblem = "cannot write " + file(key) + ": " + e;
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the temporary file stays; it is never read
                }
            }
            return false;
        }
    }

    void hit() {
        hits.incrementAndGet();
    }

    void problem(String why) {
        lastProblem = why;
    }

    void rejected(String key, String why) {
        rejected.incrementAndGet();
        lastProblem = why;
    }

    /** Builds that loaded their binary from this cache. */
    public long hits() {
        return hits.get();
    }

    /** Lookups that found no file. */
    public long misses() {
        return misses.get();
    }

    /** Files that were unreadable, corrupt, or refused by the driver (and then rebuilt and overwritten). */
    public long rejected() {
        return rejected.get();
    }

    /** Binaries written. */
    public long stores() {
        return stores.get();
    }

    /** Why the last file was rejected or could not be written; null while nothing went wrong. */
    public String lastProblem() {
        return lastProblem;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static byte[] lengthPrefix(int n) {
        return new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
    }
}
