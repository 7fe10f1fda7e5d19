def extract_meetings(doc):
    return []
