#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| oauth_scope_fuzz::check_planner(data));
