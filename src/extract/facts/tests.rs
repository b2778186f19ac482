//! Whole-extraction tests on small postmortems we wrote, one per document shape.

use crate::extract::{extract, ExtractOptions, Field, Incident, Origin, SectionKind};
use crate::load::{load_bytes, Strictness};
use std::path::Path;

fn inc(text: &str) -> Incident {
    let doc = load_bytes(
        Path::new("t.md"),
        "t.md".into(),
        text.as_bytes(),
        Strictness::Lenient,
    )
    .unwrap();
    extract(&doc, &ExtractOptions::default())
}

#[test]
fn atx_without_space_title_and_sections() {
    let i = inc("##Postmortem: Cache stampede\n\n##Root Cause\nThe Redis cache expired every key at once.\n");
    assert_eq!(i.title.as_deref(), Some("Postmortem: Cache stampede"));
    assert!(i
        .root_cause
        .as_deref()
        .unwrap()
        .contains("Redis cache expired"));
    assert_eq!(
        i.provenance[&Field::RootCause].section.as_deref(),
        Some("Root Cause")
    );
    assert_eq!(i.provenance[&Field::RootCause].line, Some(4));
    assert!(i.components.contains(&"redis".to_string()));
}

#[test]
fn a_heading_that_goes_on_after_a_section_name_is_the_title() {
    let i = inc("#Incident report: queue workers starved by a runaway cron job\n\n#Summary\nThe queue stalled.\n");
    assert_eq!(
        i.title.as_deref(),
        Some("Incident report: queue workers starved by a runaway cron job")
    );
    let i = inc("## Summary\nThe queue stalled.\n");
    assert_eq!(i.title, None);
}

#[test]
fn setext_headings() {
    let i = inc("Outage of the API\n=================\n\nRoot Cause\n----------\n\nAn expired TLS certificate on the load balancer.\n");
    assert_eq!(i.title.as_deref(), Some("Outage of the API"));
    assert!(i
        .root_cause
        .as_deref()
        .unwrap()
        .contains("expired TLS certificate"));
    assert_eq!(i.category.as_deref(), Some("certificate"));
    assert!(i.components.contains(&"tls".to_string()));
    assert!(i.components.contains(&"load-balancer".to_string()));
}

#[test]
fn blockquote_labels() {
    let i = inc(">Issue Summary:\n>The shop was down for an hour.\n\n>Root Cause:\n>A typo in the nginx configuration file.\n");
    assert_eq!(i.summary.as_deref(), Some("The shop was down for an hour."));
    assert_eq!(
        i.root_cause.as_deref(),
        Some("A typo in the nginx configuration file.")
    );
    assert_eq!(i.provenance[&Field::RootCause].line, Some(5));
    assert_eq!(i.category.as_deref(), Some("misconfiguration"));
}

#[test]
fn bold_labels() {
    let i = inc("# Checkout outage\n\n**Root Cause:** Database connection pool exhaustion under a traffic spike.\n\n**Resolution:** Raised the pool size.\n");
    assert!(i
        .root_cause
        .as_deref()
        .unwrap()
        .starts_with("Database connection pool exhaustion"));
    assert_eq!(i.resolution.as_deref(), Some("Raised the pool size."));
    assert_eq!(i.category.as_deref(), Some("capacity"));
    assert!(i.components.contains(&"database".to_string()));
}

#[test]
fn plain_label_lines() {
    let i = inc("Postmortem: API outage\n\nRoot Cause: the DNS record for api was deleted by a script.\n\nTimeline:\n10:00 AM: alerts\n10:30 AM: fixed\n");
    assert_eq!(i.title.as_deref(), Some("Postmortem: API outage"));
    assert!(i.root_cause.as_deref().unwrap().contains("DNS record"));
    assert_eq!(i.category.as_deref(), Some("dns"));
    let times: Vec<_> = i
        .timeline
        .iter()
        .map(|e| e.time_text.clone().unwrap_or_default())
        .collect();
    assert_eq!(times, vec!["10:00 AM", "10:30 AM"]);
    assert_eq!(i.timeline[1].line, 7);
}

#[test]
fn numbered_and_emoji_headings() {
    let i = inc("# Report\n\n## 1. Summary\nUsers saw errors for two hours on the website.\n\n## 🔥 2. Root Cause Analysis\nA memory leak in the Redis cache exhausted the host memory.\n");
    assert!(i
        .summary
        .as_deref()
        .unwrap()
        .starts_with("Users saw errors"));
    assert!(i.root_cause.as_deref().unwrap().contains("memory leak"));
    assert_eq!(i.category.as_deref(), Some("capacity"));
    let kinds: Vec<_> = i.sections.iter().filter_map(|s| s.kind).collect();
    assert_eq!(kinds, vec![SectionKind::Summary, SectionKind::RootCause]);
}

#[test]
fn action_item_table_google_style() {
    let md = "# X\n\n## Action Items\n\n| Action Item | Type | Owner | Bug |\n|---|---|---|---|\n| Add disk alert | prevent | jane | BUG-7 |\n| Rotate logs | mitigate | joe | BUG-8 |\n";
    let i = inc(md);
    assert_eq!(i.action_items.len(), 2);
    assert_eq!(i.action_items[0].text, "Add disk alert");
    assert_eq!(i.action_items[1].owner.as_deref(), Some("joe"));
    assert_eq!(i.action_items[1].ticket.as_deref(), Some("BUG-8"));
    assert_eq!(i.action_items[1].line, 8);
    assert_eq!(
        i.provenance[&Field::ActionItems].section.as_deref(),
        Some("Action Items")
    );
}

#[test]
fn a_discussion_of_follow_ups_is_no_action_list() {
    let i = inc("# X\n\n**Follow-up discussion:**\n\nAt this point we had two theories and split the responders.\n\n**Action Items**\n\n- Add a disk alert\n");
    let texts: Vec<_> = i.action_items.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(texts, vec!["Add a disk alert"]);
}

#[test]
fn task_list_follow_ups() {
    let i = inc("## Follow-ups\n- [x] Renew the certificate\n- [ ] Automate renewal @ops\n");
    assert_eq!(i.action_items.len(), 2);
    assert_eq!(i.action_items[0].done, Some(true));
    assert_eq!(i.action_items[1].done, Some(false));
    assert_eq!(i.action_items[1].owner.as_deref(), Some("ops"));
}

#[test]
fn misleading_path_does_not_decide_category() {
    let md = "## Summary\nWe first suspected the database and a DDoS attack, which was a red herring.\n\n## Root Cause\nThe TLS certificate had expired.\n\n## Red herrings\n- The database replication lag.\n";
    let i = inc(md);
    assert_eq!(i.category.as_deref(), Some("certificate"));
    assert!(i
        .misleading_paths
        .iter()
        .any(|m| m.contains("replication lag")));
    assert!(i
        .misleading_paths
        .iter()
        .any(|m| m.contains("first suspected")));
    assert!(!i.components.contains(&"database".to_string()));
}

#[test]
fn generic_words_weigh_little() {
    let i = inc("## Root Cause\nDuring a deploy, a change to the server set the nginx worker limit too low.\n");
    assert_eq!(i.category.as_deref(), Some("misconfiguration"));
    assert_eq!(i.categories[0].source, "root_cause");
    assert!(!i.categories[0].phrase.is_empty());
}

#[test]
fn no_cause_is_unknown_and_null() {
    let i = inc("# Outage\n\nThe site was down. We are still looking into it.\n");
    assert_eq!(i.root_cause, None);
    assert_eq!(i.category.as_deref(), Some("unknown"));
}

#[test]
fn a_document_that_states_no_cause_sentence_still_takes_a_category_named_in_its_body() {
    let i = inc("# Weekend work\n\n## Summary\nThe team spent the weekend on every service.\n\n## Notes\nThe work followed an advisory about a vulnerability in a logging library.\n");
    // The summary's sentence is only a guess at the cause: the card marks it unsure.
    assert!(i.provenance[&Field::RootCause].is_unsure());
    assert_eq!(i.category.as_deref(), Some("security"));
}

#[test]
fn placeholders_with_line_and_column() {
    let i = inc("---\ntitle: T\n---\n## Summary\nStart: [Insert start time with timezone]\nAbout [X%] of users. Owner: TBD\n");
    let got: Vec<_> = i
        .placeholders
        .iter()
        .map(|p| (p.text.as_str(), p.line, p.column))
        .collect();
    assert_eq!(
        got,
        vec![
            ("[Insert start time with timezone]", 5, 8),
            ("[X%]", 6, 7),
            ("TBD", 6, 29)
        ]
    );
}

#[test]
fn html_document() {
    let i = inc("<h1>Postmortem</h1>\n<h3>Root cause</h3>\n<p>The <strong>Apache</strong> config file had a typo.</p>\n");
    assert_eq!(i.title.as_deref(), Some("Postmortem"));
    assert!(i
        .root_cause
        .as_deref()
        .unwrap()
        .contains("Apache config file had a typo"));
    assert!(i.components.contains(&"apache".to_string()));
}

#[test]
fn whole_document_fenced_or_indented() {
    let fenced = inc("```\nIssue Summary:\nThe API was down.\nRoot Cause:\nA misconfigured load balancer.\n```\n");
    assert!(fenced
        .root_cause
        .as_deref()
        .unwrap()
        .contains("misconfigured load balancer"));
    let indented = inc("Report\n\n    Root Cause:\n        The firewall blocked port 443 after a settings change.\n");
    assert!(indented
        .root_cause
        .as_deref()
        .unwrap()
        .contains("firewall blocked"));
    assert!(indented.components.contains(&"firewall".to_string()));
}

#[test]
fn lessons_and_status() {
    let i = inc("Status: In Review\n\n## What went well\n- Alerts fired fast\n\n## What went wrong\n- No runbook\n\n## Where we got lucky\n- Low traffic\n");
    assert_eq!(i.status.as_deref(), Some("in review"));
    assert_eq!(i.lessons.went_well, vec!["Alerts fired fast"]);
    assert_eq!(i.lessons.went_wrong, vec!["No runbook"]);
    assert_eq!(i.lessons.got_lucky, vec!["Low traffic"]);
}

#[test]
fn front_matter_category_wins() {
    let i = inc("---\ncategory: Hardware\n---\n## Root Cause\nA typo in the config file.\n");
    assert_eq!(i.category.as_deref(), Some("hardware"));
    assert_eq!(i.categories[0].slug, "hardware");
    assert!(i.categories.iter().any(|c| c.slug == "misconfiguration"));
}

#[test]
fn site_toml_taxonomy() {
    let mut opts = ExtractOptions::default();
    opts.taxonomy
        .categories
        .insert("human-error".into(), vec!["fat-fingered".into()]);
    opts.taxonomy
        .components
        .insert("payments".into(), vec!["stripe".into()]);
    let doc = load_bytes(
        Path::new("t.md"),
        "t.md".into(),
        b"## Root Cause\nAn operator fat-fingered the Stripe webhook URL.\n",
        Strictness::Lenient,
    )
    .unwrap();
    let i = extract(&doc, &opts);
    assert_eq!(i.category.as_deref(), Some("human-error"));
    assert!(i.components.contains(&"payments".to_string()));
    assert!(i.tags.contains(&"payments".to_string()));
}

/// The category of a postmortem whose root-cause section is `cause`.
fn category_of(cause: &str) -> String {
    inc(&format!("# Outage\n\n## Root cause\n{cause}\n"))
        .category
        .unwrap_or_default()
}

#[test]
fn a_component_named_like_a_database_feature_is_not_a_database_fault() {
    assert_eq!(
        category_of("A new banner component in the web app re-rendered in an endless loop and froze every browser tab."),
        "deployment"
    );
}

#[test]
fn a_circuit_breaker_that_trips_is_load_not_hardware() {
    assert_eq!(
        category_of(
            "A retry storm from the mobile clients tripped the circuit breaker of the orders API."
        ),
        "capacity"
    );
}

#[test]
fn a_default_setting_left_in_place_is_misconfiguration() {
    assert_eq!(
        category_of("The proxy still ran with the default worker_connections value of 512, far too low for the launch."),
        "misconfiguration"
    );
}

#[test]
fn a_provider_returning_errors_is_a_dependency() {
    assert_eq!(
        category_of(
            "Our card payment provider returned 503 errors for every charge for forty minutes."
        ),
        "dependency"
    );
}

#[test]
fn a_race_condition_shipped_in_code_is_a_deployment() {
    assert_eq!(
        category_of(
            "A race condition in the new checkout worker let two jobs charge the same basket."
        ),
        "deployment"
    );
}

#[test]
fn utility_power_loss_is_hardware() {
    assert_eq!(
        category_of(
            "Utility power loss at the second data hall, and the backup generator failed to start."
        ),
        "hardware"
    );
}

#[test]
fn power_said_as_lost_and_a_generator_that_did_not_start_are_hardware() {
    assert_eq!(
        category_of("Mains power was lost in the server room and the generator did not start."),
        "hardware"
    );
}

#[test]
fn a_disk_that_filled_up_is_capacity() {
    assert_eq!(
        category_of("The disk on the metrics host filled up and the collector stopped writing."),
        "capacity"
    );
}

#[test]
fn a_feature_flag_turned_on_for_everyone_is_a_deployment() {
    assert_eq!(
        category_of("A feature flag for the new search ranking was flipped for all users at once instead of one percent."),
        "deployment"
    );
}

#[test]
fn a_why_heading_without_a_chain_of_questions_is_the_cause_not_the_action_items() {
    let i = inc("# Outage\n\n## Why it happened\nA nightly job rewrote the cache keys with the wrong prefix.\n\n## What we will do\n- Add a test for the key prefix.\n- Page on cache misses.\n");
    let rc = i.root_cause.unwrap();
    assert!(rc.contains("wrong prefix"), "{rc}");
    assert!(!rc.contains("Add a test"), "{rc}");
}

#[test]
fn a_five_whys_chain_gives_its_last_answer() {
    let i = inc("# Outage\n\n## Five whys\nWhy did checkout fail? The session store refused writes.\nWhy did it refuse writes? Its disk was full.\nWhy was the disk full? Log rotation had been switched off during a migration.\n");
    let rc = i.root_cause.unwrap();
    assert!(rc.contains("Log rotation had been switched off"), "{rc}");
}

#[test]
fn a_ruled_out_suspicion_is_never_the_statement() {
    let i = inc("# Outage\n\n## Summary\nWe first suspected a DDoS attack on the login page, which was ruled out within the hour.\n\n## Root cause\nThe login service had exhausted its database connection pool.\n");
    let rc = i.root_cause.unwrap();
    assert!(!rc.contains("DDoS"), "{rc}");
    assert_eq!(i.category.as_deref(), Some("capacity"));
}

#[test]
fn an_introduction_of_the_setting_is_not_the_statement() {
    let i = inc("# Outage\n\n## Summary\nOur booking service is hosted on two virtual machines behind a load balancer. On Tuesday it was unreachable for two hours because the load balancer health check pointed at a removed path.\n");
    let rc = i.root_cause.unwrap();
    assert!(rc.contains("health check"), "{rc}");
    assert!(!rc.contains("is hosted on"), "{rc}");
}

#[test]
fn timeline_entries_and_action_items_never_give_the_statement() {
    let i = inc("# Outage\n\n## Timeline\n- 10:02 the root cause was found: an expired certificate\n\n## Root cause\nThe certificate on the API gateway expired because the renewal job had been disabled.\n\n## Action items\n- Renew certificates automatically.\n");
    let rc = i.root_cause.unwrap();
    assert!(
        rc.starts_with("The certificate on the API gateway expired"),
        "{rc}"
    );
}

#[test]
fn the_statement_is_at_most_300_characters_and_the_detail_keeps_the_section() {
    let long =
        "The nightly export job opened a new connection for every tenant and never closed them. "
            .repeat(6);
    let i = inc(&format!("# Outage\n\n## Root cause\n{long}\n"));
    let rc = i.root_cause.unwrap();
    assert!(rc.chars().count() <= 300, "{}", rc.len());
    assert!(i.root_cause_detail.unwrap().len() > rc.len());
}

#[test]
fn a_front_matter_category_outside_the_taxonomy_is_a_tag_not_the_category() {
    let i = inc(
        "---\ncategory: deployments\n---\n## Root cause\nA typo in the nginx configuration file.\n",
    );
    assert_eq!(i.category.as_deref(), Some("misconfiguration"));
    assert!(i.tags.contains(&"deployments".to_string()), "{:?}", i.tags);
}

#[test]
fn a_front_matter_alias_names_its_category() {
    let i = inc(
        "---\ncategory: Third party\n---\n## Root cause\nA typo in the nginx configuration file.\n",
    );
    assert_eq!(i.category.as_deref(), Some("dependency"));
    assert_eq!(i.provenance[&Field::Category].from, Origin::FrontMatter);
}

#[test]
fn text_facts_carry_a_confidence() {
    let i = inc("# Outage\n\n## Root cause\nThe TLS certificate of the API had expired.\n");
    for field in [Field::RootCause, Field::Category] {
        let c = i.provenance[&field].confidence.unwrap();
        assert!((0.0..=1.0).contains(&c), "{field} {c}");
    }
}

#[test]
fn a_failed_controller_named_with_its_kind_is_hardware() {
    assert_eq!(
        category_of("A failed RAID controller took the file server offline."),
        "hardware"
    );
}

#[test]
fn a_migration_that_changed_a_table_or_locked_it_is_database() {
    assert_eq!(
        category_of("A migration added a NOT NULL column without a default and locked the invoices table for 40 minutes."),
        "database"
    );
}

#[test]
fn a_limit_left_at_its_default_is_misconfiguration() {
    assert_eq!(
        category_of("The proxy's max_clients limit was left at its default of 256, which the evening traffic exceeded."),
        "misconfiguration"
    );
}

#[test]
fn a_provider_that_changed_its_endpoint_is_dependency() {
    assert_eq!(
        category_of(
            "Our SMS provider changed its API endpoint and our client still called the old one."
        ),
        "dependency"
    );
}

#[test]
fn a_provider_that_had_an_outage_is_dependency() {
    assert_eq!(
        category_of("Root cause: our status page provider had a regional outage."),
        "dependency"
    );
}

#[test]
fn work_that_could_not_keep_up_is_capacity() {
    assert_eq!(
        category_of(
            "The job queue backed up because one worker could not keep up with the order volume."
        ),
        "capacity"
    );
}

#[test]
fn another_companys_api_returning_errors_is_dependency() {
    assert_eq!(
        category_of("Acme's payments API returned 500 errors for every authorisation."),
        "dependency"
    );
}

#[test]
fn a_record_ttl_is_dns() {
    assert_eq!(
        category_of(
            "The TTL on our apex record was one week, so the move to the new address took days."
        ),
        "dns"
    );
}

#[test]
fn memory_modules_and_cooling_are_hardware() {
    for cause in [
        "A memory module in the storage server failed and the machine rebooted repeatedly.",
        "A cooling failure in the server room forced the hosts to throttle and then shut down.",
    ] {
        assert_eq!(category_of(cause), "hardware", "{cause}");
    }
}

#[test]
fn a_maximum_set_in_a_values_file_is_misconfiguration() {
    assert_eq!(
        category_of("The autoscaler's maximum was set to 3 nodes in the production values file."),
        "misconfiguration"
    );
}

#[test]
fn a_firewall_rule_or_policy_is_misconfiguration() {
    assert_eq!(
        category_of("The new firewall policy denied traffic from the monitoring subnet."),
        "misconfiguration"
    );
}

#[test]
fn a_pool_that_maxed_out_is_capacity() {
    assert_eq!(
        category_of("The connection pool maxed out at 100 connections under peak load."),
        "capacity"
    );
}

#[test]
fn power_lost_to_a_rack_is_hardware() {
    assert_eq!(
        category_of("Power to the rack was lost when a PDU tripped."),
        "hardware"
    );
}

#[test]
fn credential_stuffing_and_bots_are_security() {
    assert_eq!(
        category_of("A credential stuffing campaign overwhelmed the login service."),
        "security"
    );
}

#[test]
fn a_setting_changed_to_a_wrong_value_or_a_stale_secret_is_misconfiguration() {
    assert_eq!(
        category_of("The bucket's lifecycle rule was edited to delete objects after one day."),
        "misconfiguration"
    );
    assert_eq!(
        category_of("The token was rotated, but the job's secret was not updated, so every run was rejected."),
        "misconfiguration"
    );
}

#[test]
fn an_anti_spam_tool_is_no_attack() {
    assert_ne!(
        category_of("Root cause: the spam-scoring service we call took seconds per message."),
        "security"
    );
    assert_eq!(
        category_of("A spam campaign from new sign-ups flooded the contact form."),
        "security"
    );
}

#[test]
fn only_an_expired_certificate_is_certificate() {
    assert_eq!(
        category_of("The TLS certificate on the gateway expired overnight."),
        "certificate"
    );
    assert_ne!(
        category_of("Our service cached the provider's old key until the cache expired."),
        "certificate"
    );
    assert_eq!(
        category_of("The root cause was an expired API key for the geocoding provider."),
        "misconfiguration"
    );
}

#[test]
fn a_noisy_neighbour_that_used_all_threads_is_capacity() {
    assert_eq!(
        category_of("A noisy neighbour on the shared cluster consumed all search threads."),
        "capacity"
    );
}
