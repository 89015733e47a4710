package com.mi.poco.platform.imports;

import java.util.function.Supplier;

/**
 * One file of the POCO export a service imports: its name (the file's without {@code .jsonl}, the last
 * segment of its import path), the type its lines are read as, and what stores them. The store is made
 * afresh for each request: a handler may keep what it loaded for the chunk in hand.
 */
public record ImportedFile<T>(String name, Class<T> lineType, Supplier<LineHandler<T>> store) {
}
