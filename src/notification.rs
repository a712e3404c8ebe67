//! (to be written: see the issue that owns this module)
