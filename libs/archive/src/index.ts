export { createZip, entryDate, DEFLATE_LEVEL, type ZipOptions } from './zip';
export { assertSafePath, compareBytes, directoryEntries, UnsafePathError } from './paths';
