package io.wmco.it.payload;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * The header fields of a Windows executable (PE/COFF) that say what it runs on: read from the DOS stub's pointer
 * at 0x3C to the {@code PE\0\0} signature, the COFF machine type after it, and the optional header's magic.
 *
 * @param machine COFF machine type ({@code 0x8664} is x86-64)
 * @param magic optional-header magic ({@code 0x20b} is PE32+, {@code 0x10b} PE32)
 * @param subsystem optional-header subsystem ({@code 3} is the Windows console)
 */
record PortableExecutable(int machine, int magic, int subsystem) {
    static final int MACHINE_AMD64 = 0x8664;
    static final int MAGIC_PE32_PLUS = 0x20b;

    /**
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when it is not a PE file, saying which signature is missing
     */
    static PortableExecutable read(Path file) throws IOException {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            ByteBuffer dos = read(in, 0, 64);
            if (dos.getShort(0) != 0x5a4d) { // "MZ"
                throw new IllegalArgumentException(file + " has no MZ (DOS) signature");
            }
            long pe = Integer.toUnsignedLong(dos.getInt(0x3c));
            if (pe + 24 + 70 > in.length()) {
                throw new IllegalArgumentException(file + ": PE header offset " + pe + " is past the end of the file");
            }
            ByteBuffer h = read(in, pe, 24 + 70);
            if (h.getInt(0) != 0x00004550) { // "PE\0\0"
                throw new IllegalArgumentException(file + " has no PE signature at offset " + pe);
            }
            int machine = Short.toUnsignedInt(h.getShort(4));
            int magic = Short.toUnsignedInt(h.getShort(24));
            int subsystem = Short.toUnsignedInt(h.getShort(24 + 68));
            return new PortableExecutable(machine, magic, subsystem);
        }
    }

    boolean isPe32PlusAmd64() {
        return machine == MACHINE_AMD64 && magic == MAGIC_PE32_PLUS;
    }

    private static ByteBuffer read(RandomAccessFile in, long offset, int length) throws IOException {
        byte[] b = new byte[length];
        in.seek(offset);
        in.readFully(b);
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }
}
