//! Benches only: see `benches/compiled.rs`.
