//! Trained weights as a data file: a TOML table of feature name -> weight, with a note on how
//! they were trained. The built-in files live in `data/models/` and are embedded in the binary.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One model's weights as stored in `data/models/*.toml`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct WeightsFile {
    /// How the weights were made (the trainer writes it).
    #[serde(default)]
    pub trained: BTreeMap<String, String>,
    /// Weight by feature name.
    pub weights: BTreeMap<String, f64>,
}

impl WeightsFile {
    /// Reads a weights file; the error says what is wrong in the TOML.
    pub fn parse(text: &str) -> Result<WeightsFile, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    /// Weights in the order of `names`; a name the file lacks weighs nothing.
    pub fn vector(&self, names: &[&str]) -> Vec<f64> {
        names
            .iter()
            .map(|n| self.weights.get(*n).copied().unwrap_or(0.0))
            .collect()
    }

    /// Names the weights `w` (in the order of `names`), rounded to 4 places for a stable file.
    pub fn from_vector(names: &[&str], w: &[f64], trained: BTreeMap<String, String>) -> Self {
        let weights = names
            .iter()
            .zip(w)
            .map(|(n, w)| (n.to_string(), (w * 1e4).round() / 1e4))
            .collect();
        WeightsFile { trained, weights }
    }

    /// The file text, with a header that says what it is.
    pub fn to_toml(&self, header: &str) -> String {
        let body = toml::to_string(self).unwrap_or_default();
        let head: String = header.lines().map(|l| format!("# {l}\n")).collect();
        format!("{head}\n{body}")
    }

    /// Names in the file that are not among `names` (a stale file).
    pub fn unknown<'a>(&'a self, names: &[&str]) -> Vec<&'a str> {
        self.weights
            .keys()
            .map(String::as_str)
            .filter(|k| !names.contains(k))
            .collect()
    }
}
