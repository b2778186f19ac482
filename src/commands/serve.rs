//! `hindsight serve`: a live preview of the site; the server itself lives in [`crate::serve`].

pub use crate::serve::ServeOptions;

/// Builds, serves and rebuilds the site until Ctrl-C.
pub fn run(opts: &ServeOptions) -> anyhow::Result<()> {
    crate::serve::run(opts)
}
