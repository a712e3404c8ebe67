//! The wasm build's allocator (src/wasm/alloc.rs) in Node: every allocation of this test binary goes
//! through it, since the library installs it as the global allocator.
#![cfg(target_arch = "wasm32")]

use std::alloc::{alloc, dealloc, Layout};
use std::arch::wasm32::memory_size;

use wasm_bindgen_test::wasm_bindgen_test;

/// A byte pattern that differs per block and per offset, to catch overlapping blocks.
fn fill(v: &mut [u8], seed: usize) {
    for (i, b) in v.iter_mut().enumerate() {
        *b = (i.wrapping_mul(31) ^ seed.wrapping_mul(131)) as u8;
    }
}

fn intact(v: &[u8], seed: usize) -> bool {
    v.iter().enumerate().all(|(i, &b)| b == (i.wrapping_mul(31) ^ seed.wrapping_mul(131)) as u8)
}

#[wasm_bindgen_test]
fn blocks_of_every_size_hold_their_bytes_and_do_not_overlap() {
    let sizes = [1usize, 7, 15, 16, 17, 31, 32, 33, 100, 255, 256, 1000, 4095, 4096, 65535, 65536, 65537, 300_000];
    let mut live: Vec<Vec<u8>> = Vec::new();
    for round in 0..3 {
        for (i, &n) in sizes.iter().enumerate() {
            let mut v = vec![0u8; n];
            fill(&mut v, round * 100 + i);
            live.push(v);
        }
    }
    for (j, v) in live.iter().enumerate() {
        assert!(intact(v, (j / sizes.len()) * 100 + j % sizes.len()), "block {j} ({} bytes) was overwritten", v.len());
    }
}

#[wasm_bindgen_test]
fn alignment_is_honoured_up_to_a_page() {
    for align in [1usize, 2, 4, 8, 16, 32, 64, 256, 4096, 65536] {
        for size in [1usize, 24, 100, 5000] {
            let layout = Layout::from_size_align(size, align).unwrap();
            // SAFETY: the layout's size is not zero; the block is freed with the same layout.
            unsafe {
                let p = alloc(layout);
                assert!(!p.is_null(), "{size} bytes aligned to {align}");
                assert_eq!(p as usize % align, 0, "{size} bytes aligned to {align}");
                p.write_bytes(0xAB, size);
                dealloc(p, layout);
            }
        }
    }
}

#[wasm_bindgen_test]
fn growing_a_string_keeps_its_text_across_classes() {
    let mut s = String::new();
    for i in 0..20_000u32 {
        s.push(char::from(b'a' + (i % 26) as u8));
        s.push('ж');
    }
    assert_eq!(s.chars().count(), 40_000);
    assert!(s.chars().step_by(2).enumerate().all(|(i, c)| c == char::from(b'a' + (i % 26) as u8)));
    assert!(s.chars().skip(1).step_by(2).all(|c| c == 'ж'));
    s.truncate(10);
    s.shrink_to_fit();
    assert_eq!(s, "aжbжcжdжeж".chars().take(s.chars().count()).collect::<String>());
}

#[wasm_bindgen_test]
fn repeating_the_same_work_does_not_grow_memory() {
    let work = || {
        let mut parts: Vec<String> = (0..200).map(|i| "x".repeat(i * 13 % 700)).collect();
        parts.sort();
        let joined = parts.join(",");
        assert!(joined.len() > 1000);
        let out = ckassa_sdk::wasm::core::core(12, r#""123.45""#);
        assert!(out.contains("12345"), "{out}");
    };
    for _ in 0..50 {
        work();
    }
    let before = memory_size(0);
    for _ in 0..5_000 {
        work();
    }
    assert_eq!(memory_size(0), before, "memory grew while repeating the same work");
}

#[wasm_bindgen_test]
fn freed_blocks_are_reused() {
    let layout = Layout::from_size_align(48, 8).unwrap();
    // SAFETY: non-zero size; each block freed once with its layout.
    unsafe {
        let a = alloc(layout);
        dealloc(a, layout);
        let b = alloc(layout);
        assert_eq!(a, b, "a freed block of the same class is handed out again");
        dealloc(b, layout);
    }
}
