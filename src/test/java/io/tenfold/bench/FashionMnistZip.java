package io.tenfold.bench;

import java.nio.file.Path;

/** Writes the first N training images of each Fashion-MNIST class as an ImageFolder zip: {@code FashionMnistZip ZIP N}. */
public final class FashionMnistZip {

    public static void main(String[] args) throws Exception {
        FashionMnist.writeZip(FashionMnist.train(Integer.parseInt(args[1])), Path.of(args[0]));
    }
}
