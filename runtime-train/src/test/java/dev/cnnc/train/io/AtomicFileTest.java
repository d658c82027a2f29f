package dev.cnnc.train.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir
    Path dir;

    private List<String> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private static AtomicFile.Content text(String s) {
        return out -> out.write(ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void createsAndReplaces() throws IOException {
        Path f = dir.resolve("a.txt");
        AtomicFile.write(f, text("one"));
        assertEquals("one", Files.readString(f));
        AtomicFile.write(f, text("two, longer"));
        assertEquals("two, longer", Files.readString(f));
        AtomicFile.write(f, text("3"));
        assertEquals("3", Files.readString(f));
        assertEquals(List.of("a.txt"), listing());
    }

    @Test
    void aFailingWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path f = dir.resolve("a.txt");
        AtomicFile.write(f, text("old"));
        TensorFileException e = assertThrows(TensorFileException.class, () -> AtomicFile.write(f, out -> {
            out.write(ByteBuffer.wrap(new byte[10000]));
            throw new IOException("disk full (simulated)");
        }));
        assertEquals(f + ": cannot write: disk full (simulated)", e.getMessage());
        assertEquals("old", Files.readString(f));
        assertEquals(List.of("a.txt"), listing());
        IllegalStateException bug = new IllegalStateException("a bug in the caller");
        assertSame(bug, assertThrows(IllegalStateException.class, () -> AtomicFile.write(f, out -> {
            out.write(ByteBuffer.wrap(new byte[10]));
            throw bug;
        })));
        assertEquals("old", Files.readString(f));
        assertEquals(List.of("a.txt"), listing());
    }

    @Test
    void aMissingFolderOrAFolderInTheWay() throws IOException {
        Path nowhere = dir.resolve("no/such/a.txt");
        TensorFileException e = assertThrows(TensorFileException.class, () -> AtomicFile.write(nowhere, text("x")));
        assertEquals(nowhere + ": cannot write: the folder " + nowhere.getParent() + " does not exist", e.getMessage());
        Path folder = Files.createDirectory(dir.resolve("folder"));
        e = assertThrows(TensorFileException.class, () -> AtomicFile.write(folder, text("x")));
        assertEquals(folder + ": cannot write: it is a folder", e.getMessage());
        assertEquals(List.of("folder"), listing());
    }

    @Test
    void theResultHasTheFolderDefaultPermissionsNotThoseOfATemporaryFile() throws IOException {
        Path f = dir.resolve("p.txt");
        AtomicFile.write(f, text("x"));
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
        if (f.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(f));
        }
    }

    /** Run in a child JVM: starts an atomic write of args[0], says so, and waits to be killed. */
    public static void main(String[] args) {
        AtomicFile.write(Path.of(args[0]), out -> {
            out.write(ByteBuffer.wrap("partial new content".getBytes(StandardCharsets.UTF_8)));
            System.out.println("writing");
            System.out.flush();
            try {
                Thread.sleep(120_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Test
    void aRunKilledWhileWritingLeavesTheOldFileIntact() throws Exception {
        Path f = dir.resolve("ckpt.safetensors");
        Safetensors.write(f, java.util.Map.of("w", HostTensor.ofFloats(new long[] {2}, 1f, 2f)));
        byte[] before = Files.readAllBytes(f);
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
            AtomicFileTest.class.getName(), f.toString()).redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("writing", r.readLine());
            child.destroyForcibly(); // SIGKILL: no finally blocks, no shutdown hooks
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        } finally {
            child.destroyForcibly();
        }
        assertArrayEquals(before, Files.readAllBytes(f));
        // the killed write's temporary file is left behind, under a name no reader looks for
        List<String> files = listing();
        assertEquals(2, files.size(), files.toString());
        assertTrue(files.get(0).startsWith(".ckpt.safetensors.tmp-"), files.toString());
        assertEquals("partial new content", Files.readString(dir.resolve(files.get(0))));
        // and the next write replaces the file as usual
        Safetensors.write(f, java.util.Map.of("w", HostTensor.ofFloats(new long[] {1}, 3f)));
        assertEquals(3.0, Safetensors.read(f).require("w").item());
        assertFalse(Files.readString(dir.resolve(files.get(0))).isEmpty());
    }

    @Test
    void staleTemporaryFilesOfOurPatternAreRemovedAndNothingElse() throws IOException {
        List<String> ours = List.of(".last.safetensors.tmp-1f3a", ".best.safetensors.tmp-7fffffffffffffff",
                ".metrics.csv.tmp-0");
        List<String> others = List.of("last.safetensors", ".last.safetensors.tmp-", ".last.safetensors.tmp-xyz",
                "last.safetensors.tmp-1f3a", ".last.safetensors.tmp-1f3a.keep", ".x.tmp-12345678901234567",
                "notes.txt");
        for (String n : ours) {
            Files.writeString(dir.resolve(n), "partial");
        }
        for (String n : others) {
            Files.writeString(dir.resolve(n), "keep");
        }
        Files.createDirectory(dir.resolve(".folder.tmp-ab")); // a folder of that name is not ours
        Files.createSymbolicLink(dir.resolve(".link.tmp-cd"), dir.resolve("notes.txt")); // nor a link
        assertEquals(3, AtomicFile.removeStale(dir));
        List<String> left = new java.util.ArrayList<>(others);
        left.add(".folder.tmp-ab");
        left.add(".link.tmp-cd");
        assertEquals(left.stream().sorted().collect(Collectors.toList()), listing());
        assertEquals(0, AtomicFile.removeStale(dir));
        assertEquals(0, AtomicFile.removeStale(dir.resolve("absent")));
        // what write() leaves is of that pattern
        assertTrue(AtomicFile.isTemporaryName(".last.safetensors.tmp-"
                + Long.toHexString(Long.MAX_VALUE)));
    }
}
