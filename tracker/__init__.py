"""Scrutiny Action Tracker."""
