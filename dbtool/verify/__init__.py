"""From a press release to a verdict: draft, load unreviewed into a scratch copy, check."""
