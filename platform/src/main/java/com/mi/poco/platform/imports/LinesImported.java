package com.mi.poco.platform.imports;

/**
 * Fired (synchronously, after the last chunk committed) when an import request stored new lines:
 * what others keep about the imported tables (planner statistics, sweeps for late records) is due.
 */
public record LinesImported(Class<?> lineType, long accepted) {
}
