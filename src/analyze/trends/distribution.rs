//! Summaries of long-tailed values (durations, delays): nearest-rank percentiles, never a mean.

use serde::Serialize;

/// Median, p90 and max of the known values, and how many were unknown.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Distribution {
    /// Values that were known.
    pub count: usize,
    /// Incidents in scope whose value was unknown.
    pub unknown: usize,
    /// The smallest known value.
    pub min: Option<f64>,
    /// 50th percentile by nearest rank: the lower middle value when `count` is even.
    pub median: Option<f64>,
    /// 90th percentile by nearest rank.
    pub p90: Option<f64>,
    /// The largest known value.
    pub max: Option<f64>,
}

impl Distribution {
    /// `values` are the known values; `unknown` counts the rest.
    pub fn of(values: &[f64], unknown: usize) -> Distribution {
        let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
        v.sort_by(f64::total_cmp);
        Distribution {
            count: v.len(),
            unknown: unknown + (values.len() - v.len()),
            min: v.first().copied(),
            median: nearest_rank(&v, 50.0),
            p90: nearest_rank(&v, 90.0),
            max: v.last().copied(),
        }
    }
}

/// The nearest-rank percentile of sorted values: the value at rank ceil(p/100 * n), 1-based.
pub fn nearest_rank(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let n = sorted.len();
    // Integer arithmetic for whole percentiles avoids 0.9 * 10 = 9.000000000000002 -> rank 10.
    let rank = if p.fract() == 0.0 {
        (p as usize * n).div_ceil(100)
    } else {
        (p / 100.0 * n as f64).ceil() as usize
    };
    Some(sorted[rank.clamp(1, n) - 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_by_hand() {
        let v: Vec<f64> = (1..=10).map(f64::from).collect();
        // ceil(0.5 * 10) = 5, ceil(0.9 * 10) = 9.
        assert_eq!(nearest_rank(&v, 50.0), Some(5.0));
        assert_eq!(nearest_rank(&v, 90.0), Some(9.0));
        assert_eq!(nearest_rank(&v, 100.0), Some(10.0));
        assert_eq!(nearest_rank(&[7.0], 90.0), Some(7.0));
        assert_eq!(nearest_rank(&[], 50.0), None);
    }

    #[test]
    fn distribution_sorts_and_counts_unknown() {
        let d = Distribution::of(&[240.0, 10.0, 60.0, 30.0, 120.0], 2);
        // sorted 10 30 60 120 240: median rank ceil(2.5) = 3, p90 rank ceil(4.5) = 5.
        assert_eq!(d.median, Some(60.0));
        assert_eq!(d.p90, Some(240.0));
        assert_eq!(d.max, Some(240.0));
        assert_eq!(d.min, Some(10.0));
        assert_eq!((d.count, d.unknown), (5, 2));
    }
}
