package io.custodia.platform;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** AES-GCM with a 128-bit tag and associated data, for what the server seals: cursors and stored secrets. */
final class AesGcm {
    static final int IV_BYTES = 12;
    static final int TAG_BITS = 128;

    private AesGcm() {}

    // One cipher per thread, initialised afresh (key, IV) for every use: looking a cipher up in the
    // providers cost a third of sealing a page's cursor.
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no AES/GCM", e);
        }
    });

    /** A seal that does not open: edited, forged, or bound to other associated data. */
    static final class SealBroken extends RuntimeException {
        SealBroken(Throwable cause) {
            super(cause);
        }
    }

    static byte[] crypt(int mode, SecretKeySpec key, byte[] iv, String associated, byte[] input) {
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associated.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new SealBroken(e);
        }
    }
}
