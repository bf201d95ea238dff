"""The register's manual: its features rendered as pages, beside the results of their last run."""
