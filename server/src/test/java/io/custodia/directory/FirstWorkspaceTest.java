package io.custodia.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.platform.CustodiaProperties.Signup;
import org.junit.jupiter.api.Test;

/** What the start-up banner says about the first workspace (a fresh server's is in BackupAndRestoreTest). */
class FirstWorkspaceTest {

    @Test
    void aServerWithAWorkspaceSaysNothing() {
        assertThat(FirstWorkspace.advice(true, Signup.OPEN, "http://localhost:8080"))
                .isEmpty();
        assertThat(FirstWorkspace.advice(true, Signup.CLOSED, "http://localhost:8080"))
                .isEmpty();
    }

    @Test
    void aServerWithoutOnePointsAtTheSignUpPageOrAtTheSettingsThatOpenIt() {
        assertThat(FirstWorkspace.advice(false, Signup.OPEN, "http://localhost:8080"))
                .contains("No workspace yet: open http://localhost:8080/signup to create the first one");
        assertThat(FirstWorkspace.advice(false, Signup.CLOSED, "http://localhost:8080"))
                .hasValueSatisfying(line -> assertThat(line)
                        .contains("CUSTODIA_SIGNUP=closed")
                        .contains("CUSTODIA_SIGNUP=open")
                        .contains("CUSTODIA_DEMO=true"));
    }
}
