//! One stable sort for every list the engine orders: a bottom-up merge sort of positions, with
//! the comparison given at run time. The standard library's sorts are compiled anew for each
//! element type and comparison (some kilobytes of wasm each); this one is compiled once, and
//! only the small step that moves the items is generic.

use std::cmp::Ordering;

/// The positions `0..n` in the order `cmp` gives; stable (equal items keep their order).
pub fn order(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut src: Vec<usize> = (0..n).collect();
    let mut dst: Vec<usize> = Vec::with_capacity(n);
    let mut width = 1_usize;
    while width < n {
        dst.clear();
        let mut lo = 0;
        while lo < n {
            let mid = lo.saturating_add(width).min(n);
            let hi = mid.saturating_add(width).min(n);
            let (mut i, mut j) = (lo, mid);
            while let (true, true, Some(&a), Some(&b)) = (i < mid, j < hi, src.get(i), src.get(j)) {
                if cmp(b, a) == Ordering::Less {
                    dst.push(b);
                    j += 1;
                } else {
                    dst.push(a);
                    i += 1;
                }
            }
            dst.extend_from_slice(src.get(i..mid).unwrap_or_default());
            dst.extend_from_slice(src.get(j..hi).unwrap_or_default());
            lo = hi;
        }
        std::mem::swap(&mut src, &mut dst);
        width = width.saturating_mul(2);
    }
    src
}

/// Puts the items of `v` in the order of `positions` (a permutation of `0..v.len()`).
fn permute<T>(v: &mut Vec<T>, positions: &[usize]) {
    let mut slots: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(
        positions
            .iter()
            .filter_map(|&i| slots.get_mut(i).and_then(Option::take)),
    );
}

/// Sorts `v` stably by `cmp`.
pub fn sort_by<T>(v: &mut Vec<T>, cmp: &dyn Fn(&T, &T) -> Ordering) {
    let positions = order(v.len(), &|a, b| match (v.get(a), v.get(b)) {
        (Some(x), Some(y)) => cmp(x, y),
        _ => Ordering::Equal,
    });
    permute(v, &positions);
}

/// The entries filed under `key` in a list of (key, position) sorted by key: one run.
pub fn run_of(list: &[(u64, u32)], key: u64) -> &[(u64, u32)] {
    let from = list.partition_point(|(k, _)| *k < key);
    let to = list.partition_point(|(k, _)| *k <= key);
    list.get(from..to).unwrap_or_default()
}

/// Sorts `v` stably by a key computed once per item.
pub fn sort_by_key<T, K: Ord>(v: &mut Vec<T>, key: impl Fn(&T) -> K) {
    let keys: Vec<K> = v.iter().map(key).collect();
    let positions = order(keys.len(), &|a, b| match (keys.get(a), keys.get(b)) {
        (Some(x), Some(y)) => x.cmp(y),
        _ => Ordering::Equal,
    });
    permute(v, &positions);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_like_the_standard_sort() {
        let mut seed = 7_u64;
        for n in [0, 1, 2, 3, 5, 8, 17, 100, 257] {
            let mut v: Vec<(u8, usize)> = (0..n)
                .map(|i| {
                    seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    (u8::try_from(seed >> 60).unwrap_or(0), i)
                })
                .collect();
            let mut want = v.clone();
            want.sort_by_key(|p| p.0);
            sort_by(&mut v, &|a, b| a.0.cmp(&b.0));
            assert_eq!(v, want, "n = {n}");
            let mut w = want.clone();
            w.reverse();
            sort_by_key(&mut w, |p| p.0);
            let mut want_rev = want.clone();
            want_rev.reverse();
            want_rev.sort_by_key(|p| p.0);
            assert_eq!(w, want_rev);
        }
    }
}
