import java.nio.file.Files;
import java.nio.file.Path;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * A reference for bench/xml-curl.sh: the least any JVM service on Vert.x (the HTTP server under Camel's
 * platform-http) can do per lookup. It reads each POST's body and answers the same document, on the event loop:
 * no Camel, no Redis, no template. Run from source: java -cp target/cti-camel.jar bench/VertxFloor.java PORT FILE
 */
public class VertxFloor {
    public static void main(String[] args) throws Exception {
        Buffer document = Buffer.buffer(Files.readAllBytes(Path.of(args[1])));
        Vertx.vertx().createHttpServer()
                .requestHandler(request -> request.body().onSuccess(body ->
                        request.response().putHeader("Content-Type", "text/xml; charset=utf-8").end(document)))
                .listen(Integer.parseInt(args[0]), "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get();
    }
}
