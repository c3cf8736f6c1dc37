package io.nacastream.tests;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** GET requests to a service's HTTP endpoints from tests. */
final class ServiceHttp {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ServiceHttp() {
    }

    /** GETs {@code url} (5 s timeout); a failed request fails the test. */
    static HttpResponse<String> get(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("GET " + url + " failed: " + e, e);
        }
    }
}
