//! PAN plagdet: character-level precision, recall and granularity of passage detections.
