//! The wasm build's global allocator: power-of-two size classes, one free list per class, fresh blocks
//! cut from the end of linear memory (grown as needed). It replaces std's dlmalloc, which was about
//! 8 KB of the .wasm (raw) for an SDK whose calls allocate a few small strings and vectors each.
//!
//! - `alloc`: the smallest class that holds the size (16 bytes at least): the head of its free list, or a
//!   fresh block. O(1).
//! - `dealloc`: the block goes on its class's free list (the list's link is kept in the block). O(1).
//! - `realloc`: within the same class the block is kept as it is (a `String` that grows from 20 to 30
//!   bytes does not move); otherwise a new block, a copy and a free.
//!
//! Memory is bounded by the peak of live blocks per class: a block is reused by any later allocation of
//! its class, so repeating the same work (100,000 validations, `bench/sections/memory.mjs`) does not
//! grow memory. Blocks are at most twice their request (the cost of the small code). Blocks are
//! 16-byte aligned; a layout that asks for more is served by a fresh block aligned for it, which later
//! serves its class as usual. wasm32-unknown-unknown has one thread, hence the `Sync` below.
//!
//! `tests/wasm_node_alloc.rs` exercises it in Node (sizes, alignments, contents, reuse, bounded memory).
#![allow(unsafe_code)]

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32;
use core::cell::UnsafeCell;
use core::ptr::null_mut;

/// Classes 4 (16 bytes) to 31 (2 GiB); index = log2 of the block size.
const CLASSES: usize = 32;
const MIN_CLASS: u32 = 4;
const PAGE: usize = 65536;

/// The allocator's state (see the module docs).
pub struct Alloc {
    /// The head of each class's free list (0 = empty); a free block's first word links to the next.
    free: UnsafeCell<[usize; CLASSES]>,
    /// Fresh memory `[next, end)` not handed out yet.
    bump: UnsafeCell<(usize, usize)>,
}

// SAFETY: wasm32-unknown-unknown (without the atomics feature) runs one thread; nothing else can reach
// the allocator's cells concurrently.
unsafe impl Sync for Alloc {}

impl Alloc {
    /// An empty allocator (the first allocation grows memory).
    pub const fn new() -> Alloc {
        Alloc { free: UnsafeCell::new([0; CLASSES]), bump: UnsafeCell::new((0, 0)) }
    }
}

impl Default for Alloc {
    fn default() -> Alloc {
        Alloc::new()
    }
}

/// The class whose blocks hold `size` bytes (at least 16), or `None` when too big for any class.
fn class_of(size: usize) -> Option<usize> {
    let bits = usize::BITS - size.max(16).wrapping_sub(1).leading_zeros();
    let k = bits.max(MIN_CLASS) as usize;
    (k < CLASSES).then_some(k)
}

impl Alloc {
    /// A fresh block of `1 << k` bytes aligned to `align` (≥ 16), cut from `[next, end)`; memory grows
    /// when that is too short. Null when the runtime refuses to grow memory.
    ///
    /// SAFETY: the caller has exclusive access to the allocator (one thread, not reentrant).
    unsafe fn fresh(&self, k: usize, align: usize) -> *mut u8 {
        let size = 1usize << k;
        let bump = &mut *self.bump.get();
        let mut start = (bump.0 + align - 1) & !(align - 1);
        if start < bump.0 || start.checked_add(size).map_or(true, |e| e > bump.1) {
            // Grow by whole pages enough for the block at the worst alignment; the new pages start at
            // the old end of memory (nothing else in this module grows memory).
            let Some(need) = size.checked_add(align) else { return null_mut() };
            let pages = need.div_ceil(PAGE);
            let old = wasm32::memory_grow(0, pages);
            if old == usize::MAX {
                return null_mut();
            }
            let (lo, hi) = (old * PAGE, (old + pages) * PAGE);
            if bump.1 != lo {
                bump.0 = lo;
            }
            bump.1 = hi;
            start = (bump.0 + align - 1) & !(align - 1);
        }
        bump.0 = start + size;
        start as *mut u8
    }
}

unsafe impl GlobalAlloc for Alloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let Some(k) = class_of(layout.size()) else { return null_mut() };
        if layout.align() > 16 {
            return self.fresh(k, layout.align());
        }
        // `get_mut`, not indexing: class_of keeps k in range, and a bounds check would pull in the
        // panic formatting machinery.
        let Some(slot) = (*self.free.get()).get_mut(k) else { return null_mut() };
        let head = *slot;
        if head != 0 {
            *slot = *(head as *const usize);
            return head as *mut u8;
        }
        self.fresh(k, 16)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if let Some(slot) = class_of(layout.size()).and_then(|k| (*self.free.get()).get_mut(k)) {
            *(ptr as *mut usize) = *slot;
            *slot = ptr as usize;
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let old = class_of(layout.size());
        if old.is_some() && old == class_of(new_size) {
            return ptr;
        }
        let Ok(new_layout) = Layout::from_size_align(new_size, layout.align()) else { return null_mut() };
        let new = self.alloc(new_layout);
        if !new.is_null() {
            core::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
            self.dealloc(ptr, layout);
        }
        new
    }
}
