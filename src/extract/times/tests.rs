//! Whole-document tests on fixtures written here: front matter, body, diagnostics.

use crate::extract::tests::inc;
use crate::extract::{DiagnosticKind, Field, Incident, Origin};

fn start(i: &Incident) -> Option<String> {
    i.start.map(|t| t.to_rfc3339())
}

fn kinds(i: &Incident) -> Vec<DiagnosticKind> {
    i.diagnostics.iter().map(|d| d.kind).collect()
}

#[test]
fn front_matter_start_and_end_win() {
    let i = inc(
        "a.md",
        "---\nstart_time: 2012-07-30T02:33:00Z\nend_time: 2012-07-31T16:00:00Z\n---\nFrom 9:00 to 10:00 UTC on 2012-07-30 it broke.\n",
    );
    assert_eq!(start(&i).as_deref(), Some("2012-07-30T02:33:00+00:00"));
    assert_eq!(i.duration_minutes, Some(2247.0));
    assert_eq!(i.date.map(|d| d.to_string()).as_deref(), Some("2012-07-30"));
    assert_eq!(i.provenance[&Field::Start].from, Origin::FrontMatter);
}

#[test]
fn zone_is_kept_not_converted() {
    let i = inc(
        "a.md",
        "# Outage\n\nStart Time: March 3, 2024, 10:00 EAT\nEnd Time: March 3, 2024, 11:15 EAT\n",
    );
    assert_eq!(start(&i).as_deref(), Some("2024-03-03T10:00:00+03:00"));
    assert_eq!(i.duration_minutes, Some(75.0));
    assert!(!kinds(&i).contains(&DiagnosticKind::AssumedUtc));
    assert_eq!(i.provenance[&Field::Start].line, Some(3));
}

#[test]
fn no_zone_means_assumed_utc() {
    let i = inc(
        "a.md",
        "# Outage\n\nOn May 2, 2024 the site was down from 10:00 AM to 11:00 AM.\n",
    );
    assert_eq!(start(&i).as_deref(), Some("2024-05-02T10:00:00+00:00"));
    let d = i
        .diagnostics
        .iter()
        .find(|d| d.kind == DiagnosticKind::AssumedUtc)
        .expect("assumed-utc");
    assert_eq!(d.line, Some(3));
}

#[test]
fn stated_duration_that_disagrees_is_reported() {
    let i = inc(
        "a.md",
        "# Outage\n\n- Start Time: January 21, 2024, 10:00 AM (UTC)\n- End Time: January 21, 2024, 2:00 PM (UTC)\n\nThe web service experienced a 2-hour outage affecting 20% of users.\n",
    );
    assert_eq!(i.duration_minutes, Some(240.0));
    let d = i
        .diagnostics
        .iter()
        .find(|d| d.kind == DiagnosticKind::DurationMismatch)
        .expect("mismatch");
    assert_eq!(d.line, Some(6));
    assert_eq!(i.impact_percent, Some(20.0));
}

#[test]
fn duration_in_words_when_no_times() {
    let i = inc(
        "a.md",
        "# Outage for approximately 2 weeks\n\nThe server was unreachable.\n",
    );
    assert_eq!(i.duration_minutes, Some(20160.0));
    assert_eq!(i.start, None);
    assert_eq!(i.date, None);
}

#[test]
fn start_day_beats_front_matter_post_date() {
    let i = inc(
        "a.md",
        "---\ndate: 2017-02-24\n---\nOn the evening of Feb 23, students started seeing errors. All times in PST.\n\n### 21:10:57 ###\nProxy evicted.\n\n### 22:03 ###\nEverything is fully operational again.\n",
    );
    assert_eq!(start(&i).as_deref(), Some("2017-02-23T21:10:57-08:00"));
    assert_eq!(i.date.map(|d| d.to_string()).as_deref(), Some("2017-02-23"));
    assert!(kinds(&i).contains(&DiagnosticKind::DateDiffers));
    assert!((i.duration_minutes.unwrap() - 52.05).abs() < 0.01);
    assert_eq!(
        i.resolved_at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2017-02-23T22:03:00-08:00")
    );
}

#[test]
fn front_matter_date_beats_a_dated_sentence_and_says_so() {
    let i = inc(
        "a.md",
        "---\ndate: 2024-05-03\n---\nOn May 1, 2024 the upload service failed for most users.\n",
    );
    assert_eq!(i.date.map(|d| d.to_string()).as_deref(), Some("2024-05-03"));
    let d = i
        .diagnostics
        .iter()
        .find(|d| d.kind == DiagnosticKind::DateDiffers)
        .expect("date-differs");
    assert_eq!(d.line, Some(4));
    assert!(d.message.contains("front matter date is used"));
}

#[test]
fn front_matter_date_that_agrees_is_quiet() {
    let i = inc(
        "a.md",
        "---\ndate: 2024-05-01\n---\nOn May 1, 2024 at 10:00 UTC the upload service failed.\n",
    );
    assert!(!kinds(&i).contains(&DiagnosticKind::DateDiffers));
}

#[test]
fn date_from_front_matter_title() {
    let i = inc(
        "a.md",
        "---\ntitle: DNS outage on 2023-01-25\n---\nRecords were missing.\n",
    );
    assert_eq!(i.date.map(|d| d.to_string()).as_deref(), Some("2023-01-25"));
}

#[test]
fn title_date_month_day_year() {
    let i = inc("a.md", "# Website Outage 5-26-21\n\nSomething broke.\n");
    assert_eq!(i.date.map(|d| d.to_string()).as_deref(), Some("2021-05-26"));
}

#[test]
fn invalid_clock_and_bad_time() {
    let i = inc(
        "a.md",
        "# Storm\n\n## Timeline (all times PST) Oct 30th 2021\n\n13:55 PM PST Saturday Oct 30th: alarms fire\n\nLater at 25:70 UTC something.\n",
    );
    assert_eq!(start(&i).as_deref(), Some("2021-10-30T13:55:00-08:00"));
    assert!(kinds(&i).contains(&DiagnosticKind::UnparsedTime));
}

#[test]
fn due_dates_are_not_incident_dates() {
    let i = inc(
        "a.md",
        "# Template\n\nThe fix took 3 hours to write.\n\n## Action items\n\n| Item | Owner | Due |\n|---|---|---|\n| Alerts | Ann | 2024-04-01 |\n\n- Review by May 3, 2024\n",
    );
    assert_eq!(i.date, None);
    assert_eq!(i.duration_minutes, None);
}

#[test]
fn percentages_that_are_not_impact() {
    let i = inc(
        "a.md",
        "# Disk\n\nDisk usage reached 85% and CPU 95%. All customers were affected.\n",
    );
    assert_eq!(i.impact_percent, None);
}

#[test]
fn detection_time_from_the_timeline() {
    let i = inc(
        "a.md",
        "# Outage on June 5, 2024\n\nOn June 5, 2024, from 14:30 to 17:00 UTC the app was down.\n\n- 14:32 UTC - Alert fired, engineers paged\n- 17:00 UTC - Full service restored.\n",
    );
    assert_eq!(
        i.detected_at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2024-06-05T14:32:00+00:00")
    );
    assert_eq!(
        i.resolved_at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2024-06-05T17:00:00+00:00")
    );
    assert_eq!(i.duration_minutes, Some(150.0));
}

#[test]
fn placeholders_are_not_times() {
    let i = inc("a.md", "# T\n\n- Start Time: [Insert start time with timezone]\n- End Time: [Insert end time with timezone]\n\nApproximately [X%] of users were affected.\n");
    assert_eq!(i.start, None);
    assert_eq!(i.duration_minutes, None);
    assert_eq!(i.impact_percent, None);
    assert!(!kinds(&i).contains(&DiagnosticKind::UnparsedTime));
}

#[test]
fn date_given_in_an_earlier_paragraph() {
    let i = inc(
        "a.md",
        "# Outage\n\nOn March 27th, 2022, our shop went down.\n\nIt lasted 2 hours and 30 minutes, from 3:30 pm to 6:00 pm GMT.\n",
    );
    assert_eq!(start(&i).as_deref(), Some("2022-03-27T15:30:00+00:00"));
    assert_eq!(i.duration_minutes, Some(150.0));
    assert!(!kinds(&i).contains(&DiagnosticKind::DurationMismatch));
}

#[test]
fn iso_8601_window() {
    let i = inc(
        "a.md",
        "# Outage\n\n- Start: 2024-03-12T08:00:00+02:00\n- End: 2024-03-12T09:30:00+02:00\n",
    );
    assert_eq!(start(&i).as_deref(), Some("2024-03-12T08:00:00+02:00"));
    assert_eq!(
        i.end.map(|t| t.to_rfc3339()).as_deref(),
        Some("2024-03-12T09:30:00+02:00")
    );
    assert_eq!(i.duration_minutes, Some(90.0));
}

#[test]
fn timeline_entries_get_their_time() {
    use crate::extract::TimelineEntry;
    let body =
        "# Outage on 2024-06-05\n\n## Timeline (EAT)\n\n- 10:00 - alert fired\n- 10:30 - fixed\n";
    let mut i = Incident {
        timeline: vec![
            TimelineEntry {
                time_text: Some("10:00".into()),
                text: "alert fired".into(),
                line: 5,
                ..Default::default()
            },
            TimelineEntry {
                time_text: Some("10:30".into()),
                text: "fixed".into(),
                line: 6,
                ..Default::default()
            },
        ],
        ..Default::default()
    };
    super::extract_times(body, 0, &Default::default(), &mut i);
    let at: Vec<_> = i
        .timeline
        .iter()
        .map(|e| e.at.map(|t| t.to_rfc3339()))
        .collect();
    assert_eq!(
        at,
        vec![
            Some("2024-06-05T10:00:00+03:00".into()),
            Some("2024-06-05T10:30:00+03:00".into())
        ]
    );
}

#[test]
fn multi_day_window_in_prose() {
    let i = inc(
        "a.md",
        "# Delays\n\nBetween November 11 and November 15, 2025 ingestion lagged.\n\nFrom November 11, 4:02 PM UTC to November 14, 3:02 PM UTC the pipeline was degraded.\n",
    );
    assert_eq!(start(&i).as_deref(), Some("2025-11-11T16:02:00+00:00"));
    assert_eq!(i.duration_minutes, Some(4260.0));
}

#[test]
fn pacific_time_in_summer_has_its_daylight_offset() {
    let i = inc(
        "a.md",
        "# Upload errors\n\nOn July 10, 2024 from 10:00 to 11:20 PT uploads failed for 30% of users.\n",
    );
    assert_eq!(start(&i).as_deref(), Some("2024-07-10T10:00:00-07:00"));
    assert_eq!(i.duration_minutes, Some(80.0));
    let i = inc(
        "a.md",
        "# Upload errors\n\nOn January 10, 2024 from 10:00 to 11:20 PT uploads failed.\n",
    );
    assert_eq!(start(&i).as_deref(), Some("2024-01-10T10:00:00-08:00"));
}

#[test]
fn a_range_across_a_clock_change_counts_real_minutes() {
    // US clocks went forward at 02:00 on 10 March 2024: 01:30 to 03:30 Eastern is one hour.
    let i = inc(
        "a.md",
        "# Batch stall\n\nOn March 10, 2024 the batch jobs failed from 01:30 to 03:30 ET.\n",
    );
    assert_eq!(i.duration_minutes, Some(60.0));
}

#[test]
fn iana_zone_names() {
    let i = inc(
        "a.md",
        "# Queue backlog\n\n- Start: 2024-12-02 09:00 Europe/Berlin\n- End: 2024-12-02 09:45 Europe/Berlin\n",
    );
    assert_eq!(start(&i).as_deref(), Some("2024-12-02T09:00:00+01:00"));
    assert_eq!(i.duration_minutes, Some(45.0));
}

#[test]
fn log_excerpts_never_give_the_incident_window() {
    let i = inc(
        "a.md",
        "# Replica lag\n\n## Summary\n\nOn 2024-04-02 between 10:00 and 10:40 UTC reads were stale.\n\n## Root cause\n\nReplication had stopped long before:\n\n    2024-03-30 22:14:09 UTC [881] FATAL: WAL segment removed\n    2024-03-30 22:14:14 UTC [881] LOG: retrying\n\n2024-03-30 22:15:00 UTC [881] ERROR: still failing\n\nNobody was paged.\n",
    );
    assert_eq!(start(&i).as_deref(), Some("2024-04-02T10:00:00+00:00"));
    assert_eq!(i.duration_minutes, Some(40.0));
}

#[test]
fn a_written_date_beats_a_day_the_timeline_only_inherits() {
    let i = inc(
        "a.md",
        "# Stale replica\n\n## Summary\n\nThe incident ran from 2024-10-21T02:10:00-04:00, when the stale node took writes, to 2024-10-21T05:40:00-04:00.\n\n## Root cause\n\nReplication had failed on October 19.\n\n## Timeline\n\n| Time | Event |\n|---|---|\n| 02:00 | Maintenance starts |\n| 05:40 | Incident closed |\n",
    );
    assert_eq!(start(&i).as_deref(), Some("2024-10-21T02:10:00-04:00"));
    assert_eq!(i.duration_minutes, Some(210.0));
}

mod no_panic {
    use super::*;
    use proptest::prelude::*;

    const PIECES: &[&str] = &[
        "10:00",
        " AM",
        " pm",
        " UTC",
        "(EAT)",
        "+03:00",
        "T",
        "2023-06-25",
        "June 25, 2023",
        "13/10/2023",
        "5-26-21",
        " - ",
        " to ",
        " from ",
        "between ",
        " and ",
        "Start Time: ",
        "End: ",
        "\n",
        "\n- ",
        "\n## Timeline\n",
        "2100hrs",
        "10h47",
        "13:55 PM",
        "[???] ",
        "lasted 2 hours and 30 minutes",
        "80% of users",
        "é",
        "—",
        "🚨",
        ":",
        ".",
        "```\n",
        "|",
        "noon",
        "1h30m",
        "As of ",
        " until ",
        "restored at ",
    ];

    proptest! {
        #[test]
        fn any_text_reads_without_panic(
            parts in prop::collection::vec((0..PIECES.len(), ".{0,6}"), 0..40)
        ) {
            let body: String = parts.iter().map(|(i, s)| format!("{}{}", PIECES[*i], s)).collect();
            let mut i = Incident::default();
            super::super::extract_times(&body, 0, &Default::default(), &mut i);
            if let (Some(s), Some(e), Some(d)) = (i.start, i.end, i.duration_minutes) {
                prop_assert!(e >= s && d >= 0.0);
            }
        }
    }
}

#[test]
fn german_time_range_with_uhr_and_summer_time_zone() {
    let i = inc(
        "a.md",
        "# Störung\n\nAm 3. Mai 2023 war der Shop von 14:05 bis 15:20 Uhr (MESZ) nicht erreichbar.\n",
    );
    assert_eq!(start(&i).as_deref(), Some("2023-05-03T14:05:00+02:00"));
    assert_eq!(i.duration_minutes, Some(75.0));
    let i = inc(
        "a.md",
        "# Störung\n\nAm 9. Januar 2024 zwischen 08:10 und 08:40 Uhr MEZ fielen Anmeldungen aus.\n",
    );
    assert_eq!(start(&i).as_deref(), Some("2024-01-09T08:10:00+01:00"));
    assert_eq!(i.duration_minutes, Some(30.0));
}

#[test]
fn a_service_that_recovered_after_a_time_ends_the_window() {
    let i = inc(
        "a.md",
        "# Connections ran out\n\nOn 2024-07-09 at 9:45 UTC the API started timing out. We restarted the pods at 10:32 UTC and service recovered.\n",
    );
    assert_eq!(start(&i).as_deref(), Some("2024-07-09T09:45:00+00:00"));
    assert_eq!(i.duration_minutes, Some(47.0));
    let i = inc(
        "a.md",
        "# Connections ran out\n\nOn 2024-07-09 at 9:45 a.m. the API started timing out. We restarted the pods at 10:32 a.m. and service recovered.\n",
    );
    assert_eq!(i.duration_minutes, Some(47.0));
}

#[test]
fn a_status_page_runs_from_its_first_update_to_the_resolved_one() {
    let i = inc(
        "a.md",
        "# Slow page loads in Europe\n\n**Resolved** - This incident has been resolved. Posted Mar 12, 2024 - 16:42 UTC\n\n**Monitoring** - A fix is out and we are watching it. Posted Mar 12, 2024 - 15:58 UTC\n\n**Investigating** - We are looking into slow page loads. Posted Mar 12, 2024 - 14:55 UTC\n",
    );
    assert_eq!(start(&i).as_deref(), Some("2024-03-12T14:55:00+00:00"));
    assert_eq!(i.duration_minutes, Some(107.0));
    // The posted time may stand on the line under its update.
    let i = inc(
        "a.md",
        "# Elevated API errors\n\n**Resolved** - This incident has been resolved.\nMar 14, 2025 - 16:42 UTC\n\n**Identified** - We found the fault and are fixing it.\nPosted Mar 14, 2025 - 15:31 UTC\n\n**Investigating** - We are looking into errors on the API.\nMar 14, 2025 - 15:12 UTC\n",
    );
    assert_eq!(start(&i).as_deref(), Some("2025-03-14T15:12:00+00:00"));
    assert_eq!(i.duration_minutes, Some(90.0));
    // One update alone is no window of updates; its posted date is still not the incident's.
    let i = inc(
        "a.md",
        "# Notice\n\nUpdate: we moved the status page. Posted Mar 12, 2024 - 16:42 UTC\n",
    );
    assert_eq!(start(&i), None);
}

#[test]
fn a_table_of_facts_gives_the_window() {
    let i = inc(
        "a.md",
        "# Outage summary\n\n| Field | Value |\n|---|---|\n| Date | 2024-04-18 |\n| Start | 10:02 UTC |\n| End | 10:58 UTC |\n",
    );
    assert_eq!(start(&i).as_deref(), Some("2024-04-18T10:02:00+00:00"));
    assert_eq!(i.duration_minutes, Some(56.0));
}

#[test]
fn time_ranges_in_spanish_french_and_portuguese() {
    for (text, zone) in [
        (
            "El portal estuvo caído de 10:00 a 11:30 (CET) el 3 de marzo de 2024.",
            "+01:00",
        ),
        (
            "Le portail était indisponible le 2024-03-03 de 10:00 à 11:30 UTC.",
            "+00:00",
        ),
        (
            "O portal ficou fora do ar em 2024-03-03 das 10:00 às 11:30 UTC.",
            "+00:00",
        ),
    ] {
        let i = inc("a.md", &format!("# Incidente\n\n{text}\n"));
        assert_eq!(
            start(&i).as_deref(),
            Some(format!("2024-03-03T10:00:00{zone}").as_str()),
            "{text}"
        );
        assert_eq!(i.duration_minutes, Some(90.0), "{text}");
    }
}

#[test]
fn ends_told_as_a_story() {
    for (text, minutes) in [
        ("On 14 March 2025 the runners stopped at 09:40 UTC. It would be 11:25 UTC before jobs flowed again.", 105.0),
        ("On 9 July 2024 at 16:05 UTC card payments started failing. We moved traffic to the backup processor at 17:12 UTC and payments recovered.", 67.0),
        ("On 2021-09-14 at 3:10pm EST the website would not load. We got the domain reinstated at 6:40pm EST.", 210.0),
    ] {
        let i = inc("a.md", &format!("# Outage\n\n{text}\n"));
        assert_eq!(i.duration_minutes, Some(minutes), "{text}");
    }
}

#[test]
fn a_resolved_label_ends_a_window_that_no_start_label_opens() {
    let i = inc(
        "a.md",
        "# Consumer lag\n\n**Incident date:** 2023-10-03\n**Detected:** 10:14 UTC\n**Resolved:** 12:02 UTC\n\nConsumers fell behind.\n",
    );
    assert_eq!(i.duration_minutes, Some(108.0));
}

#[test]
fn a_timeline_end_that_the_stated_duration_confirms_is_sure() {
    let i = inc(
        "a.md",
        "# Login errors\n\n## Summary\n\nOn 12 March 2025 logins failed for 45 minutes.\n\n## Timeline\n\n- 14:02 UTC: the primary fails its health check.\n- 14:31 UTC: on-call raises the limit.\n- 14:47 UTC: errors stop.\n",
    );
    assert_eq!(i.duration_minutes, Some(45.0));
    for field in [Field::End, Field::DurationMinutes] {
        let sure = i.provenance[&field].confidence.unwrap();
        assert!(sure >= crate::extract::LOW_CONFIDENCE, "{field:?}: {sure}");
    }
}
