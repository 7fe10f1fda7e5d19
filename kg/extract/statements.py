def extract_statements(doc, roles):
    return []
