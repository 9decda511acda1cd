"""The analysis of records: make report (report), scaling tables and fits (scaling, series), plots."""
