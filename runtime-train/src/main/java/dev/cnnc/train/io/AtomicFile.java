package dev.cnnc.train.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that the target path always holds either its old content or the whole new
 * content, never a part: the bytes go to a temporary file in the same folder
 * ({@code .NAME.tmp-RANDOM}), which is flushed to the disk ({@code fsync}) and then renamed over
 * the target in one step; the folder is flushed too so that the rename itself survives a crash. A
 * run killed while writing leaves the old file intact (and, at worst, a stray temporary file); a
 * write that fails removes its temporary file and leaves the old file intact. The temporary file
 * is made with the folder's default permissions, so the result has them too (not 0600). A target
 * that is a symbolic link is replaced by the new file; the link's target is left alone.
 */
public final class AtomicFile {
    /** The content of the file, written to {@code out}; anything it throws aborts the write. */
    @FunctionalInterface
    public interface Content {
        void writeTo(WritableByteChannel out) throws IOException;
    }

    private AtomicFile() {
    }

    /** The name of a temporary file {@link #write} makes: {@code .NAME.tmp-} and up to 16 hex digits. */
    private static final java.util.regex.Pattern TEMPORARY = java.util.regex.Pattern.compile(
            "\\..+\\.tmp-[0-9a-f]{1,16}");

    /** Whether {@code name} is that of a temporary file {@link #write} makes. */
    public static boolean isTemporaryName(String name) {
        return TEMPORARY.matcher(name).matches();
    }

    /**
     * Deletes the temporary files that writes killed half-way left in {@code dir}: regular files
     * (not links or folders) directly in it whose name is exactly {@link #write}'s pattern
     * ({@code .NAME.tmp-HEX}); nothing else is touched.
     *
     * @return how many were deleted (0 when {@code dir} does not exist)
     */
    public static int removeStale(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int removed = 0;
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (isTemporaryName(p.getFileName().toString())
                        && Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.delete(p);
                    removed++;
                }
            }
        } catch (IOException e) {
            throw new TensorFileException(dir, null, "cannot remove temporary files: " + describe(e), e);
        }
        return removed;
    }

    /**
     * Replaces (or creates) {@code target} with what {@code content} writes.
     *
     * @throws TensorFileException naming {@code target} if anything fails; an unchecked exception
     *     thrown by {@code content} is rethrown as it is, after the clean-up
     */
    public static void write(Path target, Content content) {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (Files.isDirectory(absolute)) {
            throw new TensorFileException(target, "cannot write: it is a folder");
        }
        if (!Files.isDirectory(dir)) {
            throw new TensorFileException(target, "cannot write: the folder " + dir + " does not exist");
        }
        Path tmp = null;
        boolean done = false;
        try {
            FileChannel channel = null;
            for (int attempt = 0; channel == null; attempt++) {
                tmp = dir.resolve("." + absolute.getFileName() + ".tmp-"
                    + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE));
                try {
                    channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                } catch (FileAlreadyExistsException e) {
                    if (attempt > 100) {
                        throw e;
                    }
                }
            }
            try (FileChannel out = channel) {
                content.writeTo(out);
                out.force(true);
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system cannot rename atomically", e);
            }
            done = true;
            syncFolder(dir);
        } catch (IOException e) {
            throw new TensorFileException(target, null, "cannot write: " + describe(e), e);
        } finally {
            if (!done && tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the write already failed; a stray temporary file is harmless
                }
            }
        }
    }

    /** Flushes a folder's entries (the rename) to the disk where the platform allows it. */
    private static void syncFolder(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // not every platform can open a folder for syncing (Windows cannot); the data itself
            // was synced before the rename, so the file is whole either way
        }
    }

    /** An I/O exception as a reader wants it: "no such file or folder: /a/b" rather than "/a/b". */
    public static String describe(IOException e) {
        String what;
        if (e instanceof java.nio.file.NoSuchFileException) {
            what = "no such file or folder";
        } else if (e instanceof java.nio.file.AccessDeniedException) {
            what = "permission denied";
        } else if (e instanceof FileAlreadyExistsException) {
            what = "already exists";
        } else if (e instanceof java.nio.file.FileSystemException) {
            String reason = ((java.nio.file.FileSystemException) e).getReason();
            what = reason != null ? reason : e.getClass().getSimpleName();
        } else {
            return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        }
        String file = ((java.nio.file.FileSystemException) e).getFile();
        return file != null ? what + " (" + file + ")" : what;
    }
}
