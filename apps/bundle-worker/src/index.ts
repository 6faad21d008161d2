// The bundle worker is a process (src/main.ts), not a library: nothing to import.
export {};
