package io.tenfold.api;

import java.util.List;

/** One page of a list, newest first. */
record PageResponse<T>(List<T> items, int page, int size, long total) {
}
