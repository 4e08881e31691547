"""Discovery (phát hiện): citizens' and the press's tips about good deeds, which may become dossiers."""
