package io.tenfold.transfer;

import java.util.Objects;

/**
 * A stage of a backbone that fine-tuning unfreezes as a whole.
 *
 * @param name   a short label for descriptions ({@code block_14}, {@code head_conv})
 * @param output the vertex that ends the block; it cuts the graph (every path from the input to
 *               anything above the block passes through it), so it can be a frozen boundary
 */
public record Block(String name, String output) {

    public Block {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(output, "output");
    }
}
