"""The student release: solution markers, making the release, its leak check, the cross-module answer check."""
