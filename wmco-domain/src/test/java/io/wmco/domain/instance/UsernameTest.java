package io.wmco.domain.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class UsernameTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Administrator",
                "capi",
                "CORP\\jdoe",
                "o'brien",
                "a&b",
                "$svc(1)",
                "100%!",
                "back`tick",
                "Jürgen",
                "first last",
                "aaaaaaaaaaaaaaaaaaaa",
                "NETBIOS15CHARSX\\bbbbbbbbbbbbbbbbbbbb"
            })
    void acceptsWhatWindowsAccepts(String name) {
        assertEquals(Optional.empty(), Username.problem(name));
        assertEquals(name, new Username(name).value());
    }

    /** value, words the sentence must hold. */
    static Stream<Arguments> refused() {
        return Stream.of(
                // The reported case: a domain of 18 characters and a name with a quote, ampersands and a star.
                Arguments.of("CORP-DEPARTMENT-IT\\o\"brien&&*", "holds '\"' at character 21"),
                Arguments.of("o'brien&&dir *", "holds '*' at character 14"),
                Arguments.of("x".repeat(30) + "*", "holds '*' at character 31"),
                Arguments.of("a\\b\\c", "holds '\\' at character 4"),
                Arguments.of("a\tb", "holds the control character U+0009 at character 2"),
                Arguments.of("a\nb", "the control character U+000A"),
                Arguments.of("bad|name", "holds '|'"),
                Arguments.of("admin@corp", "holds '@'"),
                Arguments.of("a=b", "holds '='"),
                Arguments.of("", "is empty"),
                Arguments.of(" admin", "leading or trailing whitespace"),
                Arguments.of("a".repeat(21), "has an account name of 21 characters; Windows allows at most 20"),
                Arguments.of("CORP-DEPARTMENT-IT\\jdoe", "has a domain of 18 characters; NetBIOS allows at most 15"),
                Arguments.of("CORP\\", "has an empty account name"),
                Arguments.of("\\jdoe", "has an empty domain"),
                Arguments.of("...", "has an account name made of dots and spaces only"),
                Arguments.of(". .\\jdoe", "has a domain made of dots and spaces only"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("refused")
    void refusesNamingTheFirstProblemWithoutEchoingTheName(String value, String expected) {
        String problem = Username.problem(value).orElseThrow();

        assertTrue(problem.contains(expected), problem);
        assertFalse(problem.contains("has a a"), problem);
        assertFalse(problem.contains("a account"), "grammar: " + problem);
        if (value.length() > 3) {
            assertFalse(problem.contains(value), "the whole value must not be echoed: " + problem);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Username(value));
        assertEquals("username " + problem, e.getMessage());
    }

    @Test
    void forbiddenCharacterIsReportedBeforeAnyLength() {
        String longDomainAndStar = "D".repeat(40) + "\\" + "n".repeat(40) + "*";

        assertTrue(Username.problem(longDomainAndStar).orElseThrow().startsWith("holds '*'"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Administrator", "j.doe", "svc_wmco-1"})
    void plainNamesMayBeShownInCommands(String name) {
        assertTrue(new Username(name).isPlain());
    }

    @ParameterizedTest
    @ValueSource(strings = {"o'brien", "a&b", "$(x)", "first last", "Jürgen", "100%", "-rf", "CORP\\jdoe"})
    void namesAShellWouldInterpretAreNotPlain(String name) {
        assertFalse(new Username(name).isPlain());
    }

    @Test
    void toStringNeverShowsTheName() {
        Username u = new Username("secret-admin");

        assertFalse(u.toString().contains("secret-admin"));
        assertFalse(new WindowsInstance(InstanceAddress.parse("10.0.0.5"), u, InstanceSource.byoh())
                .toString()
                .contains("secret-admin"));
    }
}
