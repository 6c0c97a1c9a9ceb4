package io.tenfold.jobs;

import java.util.List;

public record JobPage(List<Job> items, int page, int size, long total) {
}
