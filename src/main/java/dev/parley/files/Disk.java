package dev.parley.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The receiver's disk: free space and writing partial files; tests give one that fills up. Thread-safe. */
interface Disk {
    /** Bytes usable in the file store holding {@code dir}. */
    long usableSpace(Path dir) throws IOException;

    /** Opens an existing partial file for writing, never through a symlink. */
    Sink open(Path part) throws IOException;

    /** Where a received file's bytes go. One thread. */
    interface Sink extends AutoCloseable {
        void write(byte[] b, int off, int len, long position) throws IOException;

        /** Truncates to this size (a resume drops what was written past the last verified point). */
        void truncate(long size) throws IOException;

        void force() throws IOException;

        @Override
        void close() throws IOException;
    }

    Disk REAL = new Disk() {
        @Override
        public long usableSpace(Path dir) throws IOException {
            return Files.getFileStore(dir).getUsableSpace();
        }

        @Override
        public Sink open(Path part) throws IOException {
            FileChannel fc = FileChannel.open(part, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            return new Sink() {
                @Override
                public void write(byte[] b, int off, int len, long position) throws IOException {
                    ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                    long at = position;
                    while (buf.hasRemaining()) {
                        at += fc.write(buf, at);
                    }
                }

                @Override
                public void truncate(long size) throws IOException {
                    fc.truncate(size);
                }

                @Override
                public void force() throws IOException {
                    fc.force(true);
                }

                @Override
                public void close() throws IOException {
                    fc.close();
                }
            };
        }
    };
}
