//! The inspect example's pointer at a problem: the input on one line, with
//! control characters escaped, and the caret under the character at fault.

#[allow(dead_code)]
#[path = "../examples/inspect.rs"]
mod inspect;

use oauth_scope::Scope;

/// The two lines the example prints above the error message.
#[track_caller]
fn assert_points(input: &str, expected: &str) {
    let err = Scope::parse(input).unwrap_err();
    assert_eq!(inspect::pointer(input, err.offset()), expected, "{input:?}");
}

#[test]
fn the_caret_stays_under_the_problem() {
    assert_points("a  b", "a  b\n  ^\n");
    // Counted in characters, not bytes.
    assert_points("café x", "café x\n   ^\n");
    // Control characters are shown escaped, so nothing moves or breaks the
    // line, and the caret is under the escape.
    assert_points("a\tb c", "a\\tb c\n ^\n");
    assert_points("ab\rc d", "ab\\rc d\n  ^\n");
    assert_points("ab\nc", "ab\\nc\n  ^\n");
    assert_points("a\u{7f}", "a\\u{7f}\n ^\n");
}
