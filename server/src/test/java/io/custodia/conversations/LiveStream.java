package io.custodia.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** One user's live conversation stream on a server, its events as they arrive; open once it said it is ready. */
class LiveStream implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    final Thread reader;
    final CountDownLatch ended = new CountDownLatch(1);
    volatile HttpResponse<InputStream> response;

    LiveStream(int port, String token) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/conversations/events"))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream")
                .build();
        reader = new Thread(() -> {
            try {
                response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
                BufferedReader lines =
                        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
                String name = null;
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("event:")) {
                        name = line.substring(6).strip();
                    } else if (line.startsWith("data:")) {
                        JsonNode data = JSON.readTree(line.substring(5).strip());
                        events.add(JSON.createObjectNode().put("event", name).set("data", data));
                    }
                }
            } catch (Exception e) {
                // the test closed the stream
            } finally {
                ended.countDown();
            }
        });
        reader.setDaemon(true);
        reader.start();
        JsonNode ready = events.poll(10, TimeUnit.SECONDS);
        assertThat(ready).as("the stream opens with a ready event").isNotNull();
        assertThat(ready.get("event").asString()).isEqualTo("ready");
    }

    JsonNode next() throws InterruptedException {
        return events.poll(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        reader.interrupt();
        if (response != null) {
            try {
                response.body().close();
            } catch (IOException e) {
                // already closed
            }
        }
    }
}
