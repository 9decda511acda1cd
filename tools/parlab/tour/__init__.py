"""The tour (make tour, tools/modules.sh): summary table and lessons, expectations, the page."""
