//! Time buckets: each incident falls in the month and quarter of its start (in UTC), or of its
//! date when no start time is known.

use crate::extract::Incident;
use chrono::{Datelike, NaiveDate, Utc};

/// The day an incident is counted on, in UTC; `None` when it has neither start nor date.
pub fn bucket_date(inc: &Incident) -> Option<NaiveDate> {
    inc.start
        .map(|s| s.with_timezone(&Utc).date_naive())
        .or(inc.date)
}

/// A calendar month or quarter, ordered in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    /// The calendar year.
    pub year: i32,
    /// Month 1-12 or quarter 1-4.
    pub index: u32,
}

/// How long a period of the trend tables is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    /// A calendar month.
    Month,
    /// A calendar quarter.
    Quarter,
}

impl Span {
    fn per_year(self) -> u32 {
        match self {
            Span::Month => 12,
            Span::Quarter => 4,
        }
    }

    /// The period of this span that holds `d`.
    pub fn of(self, d: NaiveDate) -> Period {
        let index = match self {
            Span::Month => d.month(),
            Span::Quarter => (d.month() - 1) / 3 + 1,
        };
        Period {
            year: d.year(),
            index,
        }
    }

    /// `2024-03` or `2024-Q1`.
    pub fn key(self, p: Period) -> String {
        match self {
            Span::Month => format!("{:04}-{:02}", p.year, p.index),
            Span::Quarter => format!("{:04}-Q{}", p.year, p.index),
        }
    }

    /// Every period from `first` to `last` inclusive, so gaps show as zeros.
    pub fn range(self, first: Period, last: Period) -> Vec<Period> {
        let mut out = Vec::new();
        let mut p = first;
        while p <= last {
            out.push(p);
            p = if p.index == self.per_year() {
                Period {
                    year: p.year + 1,
                    index: 1,
                }
            } else {
                Period {
                    year: p.year,
                    index: p.index + 1,
                }
            };
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;

    #[test]
    fn start_in_another_zone_counts_in_utc() {
        let inc = Incident {
            date: NaiveDate::from_ymd_opt(2024, 3, 31),
            start: DateTime::parse_from_rfc3339("2024-03-31T22:00:00-05:00").ok(),
            ..Default::default()
        };
        let d = bucket_date(&inc).unwrap();
        assert_eq!(Span::Quarter.key(Span::Quarter.of(d)), "2024-Q2");
        assert_eq!(Span::Month.key(Span::Month.of(d)), "2024-04");
    }

    #[test]
    fn ranges_fill_gaps_across_years() {
        let keys: Vec<String> = Span::Quarter
            .range(
                Period {
                    year: 2023,
                    index: 3,
                },
                Period {
                    year: 2024,
                    index: 2,
                },
            )
            .into_iter()
            .map(|p| Span::Quarter.key(p))
            .collect();
        assert_eq!(keys, ["2023-Q3", "2023-Q4", "2024-Q1", "2024-Q2"]);
    }
}
