package io.tenfold.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The TensorFlow.js peer of {@link PeerRaceBench}: {@code scripts/peer-race/peer.js} as a
 * long-lived child process, driven by its line protocol ({@code run <batch> <reps>} and so on).
 * Its stderr goes to this process's stderr.
 */
final class PeerProcess implements AutoCloseable {

    private final Process process;
    private final BufferedReader out;
    private final Writer in;

    PeerProcess(Path script, Path modules, Path modelDir, int threads) throws IOException {
        List<String> command = new ArrayList<>(List.of("node", script.toString(),
                "--modules", modules.toString(), "--model-dir", modelDir.toString(),
                "--threads", Integer.toString(threads)));
        process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** The peer's self-description: versions, backend, SIMD, threads really used. */
    String info() throws IOException {
        return request("info");
    }

    /** Runs {@code reps} forward passes of the fixed input of {@code batch}; one time in ms each. */
    double[] run(int batch, int reps) throws IOException {
        return Arrays.stream(request("run " + batch + " " + reps).split(" ")).mapToDouble(Double::parseDouble).toArray();
    }

    /** The output row of example 0 for the fixed input of {@code batch}. */
    float[] output(int batch) throws IOException {
        String[] parts = request("out " + batch).split(" ");
        float[] values = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = Float.parseFloat(parts[i]);
        }
        return values;
    }

    private String request(String line) throws IOException {
        in.write(line + "\n");
        in.flush();
        String answer = out.readLine();
        if (answer == null) {
            throw new IOException("the peer exited (see its stderr above) after: " + line);
        }
        if (!answer.startsWith("ok")) {
            throw new IOException("the peer answered '" + answer + "' to: " + line);
        }
        return answer.length() > 3 ? answer.substring(3) : "";
    }

    @Override
    public void close() throws IOException {
        try {
            in.write("quit\n");
            in.flush();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
        }
    }
}
