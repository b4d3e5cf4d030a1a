package io.custodia.platform;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.ByteArrayInputStream;

/**
 * A request body already held in memory, read again as a servlet stream: a replayed idempotent
 * request and the console's in-process API calls both hand one to the handlers.
 */
public final class InMemoryInputStream extends ServletInputStream {
    private final ByteArrayInputStream in;

    public InMemoryInputStream(byte[] body) {
        this.in = new ByteArrayInputStream(body);
    }

    @Override
    public int read() {
        return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) {
        return in.read(b, off, len);
    }

    @Override
    public boolean isFinished() {
        return in.available() == 0;
    }

    @Override
    public boolean isReady() {
        return true;
    }

    @Override
    public void setReadListener(ReadListener listener) {
        // Synchronous reads only: the body is in memory and nobody waits for it.
        throw new UnsupportedOperationException("the body is in memory");
    }
}
