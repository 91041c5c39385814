"""Everything Qt: the main window, one module per page, dialog, and table model."""
