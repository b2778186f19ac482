//! What a section (or an item's label) is about. The heading-name tables give each kind by its
//! name; everything past them works with this enum.

/// The kind of a section; serialised as its name (`root_cause`), as in `Incident::sections`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    /// What happened, in short.
    Summary,
    /// Why it happened.
    RootCause,
    /// What set it off.
    Trigger,
    /// Who and what was affected.
    Impact,
    /// How long it lasted.
    Duration,
    /// Events in time order.
    Timeline,
    /// How it was noticed.
    Detection,
    /// How it was escalated.
    Escalation,
    /// How it was ended.
    Resolution,
    /// Follow-up work.
    ActionItems,
    /// Lessons, not split further.
    Lessons,
    /// What went well.
    LessonsWell,
    /// What went wrong.
    LessonsWrong,
    /// Where the team got lucky.
    LessonsLucky,
    /// Leads that turned out wrong.
    MisleadingPaths,
    /// A discussion of the causes (read for the cause when there is no root-cause section).
    Analysis,
    /// Closing remarks.
    Conclusion,
    /// The review status of the document.
    Status,
}

impl SectionKind {
    /// Every kind, in a fixed order (feature vectors index by it).
    pub const ALL: [SectionKind; 18] = [
        SectionKind::Summary,
        SectionKind::RootCause,
        SectionKind::Trigger,
        SectionKind::Impact,
        SectionKind::Duration,
        SectionKind::Timeline,
        SectionKind::Detection,
        SectionKind::Escalation,
        SectionKind::Resolution,
        SectionKind::ActionItems,
        SectionKind::Lessons,
        SectionKind::LessonsWell,
        SectionKind::LessonsWrong,
        SectionKind::LessonsLucky,
        SectionKind::MisleadingPaths,
        SectionKind::Analysis,
        SectionKind::Conclusion,
        SectionKind::Status,
    ];

    /// The name the heading tables and the Incident model use (`root_cause`).
    pub fn name(self) -> &'static str {
        match self {
            SectionKind::Summary => "summary",
            SectionKind::RootCause => "root_cause",
            SectionKind::Trigger => "trigger",
            SectionKind::Impact => "impact",
            SectionKind::Duration => "duration",
            SectionKind::Timeline => "timeline",
            SectionKind::Detection => "detection",
            SectionKind::Escalation => "escalation",
            SectionKind::Resolution => "resolution",
            SectionKind::ActionItems => "action_items",
            SectionKind::Lessons => "lessons",
            SectionKind::LessonsWell => "lessons_well",
            SectionKind::LessonsWrong => "lessons_wrong",
            SectionKind::LessonsLucky => "lessons_lucky",
            SectionKind::MisleadingPaths => "misleading_paths",
            SectionKind::Analysis => "analysis",
            SectionKind::Conclusion => "conclusion",
            SectionKind::Status => "status",
        }
    }

    /// The kind of a name; None for a name that is no kind.
    pub fn from_name(name: &str) -> Option<SectionKind> {
        SectionKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The kind shown in `Incident::sections` (the three lesson kinds are one there).
    pub fn public(self) -> SectionKind {
        if self.is_lessons() {
            SectionKind::Lessons
        } else {
            self
        }
    }

    /// True for the lesson kinds.
    pub fn is_lessons(self) -> bool {
        matches!(
            self,
            SectionKind::Lessons
                | SectionKind::LessonsWell
                | SectionKind::LessonsWrong
                | SectionKind::LessonsLucky
        )
    }

    /// Sections about what to do or what was learned, or about wrong leads: never the place
    /// of a fact about the incident's cause.
    pub fn is_aside(self) -> bool {
        self.is_lessons()
            || matches!(
                self,
                SectionKind::ActionItems | SectionKind::MisleadingPaths
            )
    }
}

/// The kind of a heading or label text, from the heading-name tables.
pub fn kind_of(text: &str) -> Option<SectionKind> {
    super::sections::classify_kind(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for k in SectionKind::ALL {
            assert_eq!(SectionKind::from_name(k.name()), Some(k));
        }
        assert_eq!(SectionKind::LessonsLucky.public(), SectionKind::Lessons);
    }
}
