//! What a section (or an item's label) is about. The heading-name tables give each kind by its
//! name; everything past them works with this enum.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SectionKind {
    Summary,
    RootCause,
    Trigger,
    Impact,
    Duration,
    Timeline,
    Detection,
    Escalation,
    Resolution,
    ActionItems,
    Lessons,
    LessonsWell,
    LessonsWrong,
    LessonsLucky,
    MisleadingPaths,
    Analysis,
    Conclusion,
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

    pub fn from_name(name: &str) -> Option<SectionKind> {
        SectionKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The kind shown in `Incident::sections` (the three lesson kinds are one there).
    pub fn public_name(self) -> &'static str {
        if self.is_lessons() {
            "lessons"
        } else {
            self.name()
        }
    }

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
    super::sections::classify_heading(text).and_then(SectionKind::from_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for k in SectionKind::ALL {
            assert_eq!(SectionKind::from_name(k.name()), Some(k));
        }
        assert_eq!(SectionKind::LessonsLucky.public_name(), "lessons");
    }
}
