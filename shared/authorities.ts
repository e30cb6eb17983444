/**
 * The 33 London local authorities: the 32 London boroughs and the City of London.
 * Slugs are stable identifiers: never change one, since data refers to it.
 */
export interface Authority {
  /** Stable id, used in URLs and data. */
  id: string;
  /** The name people use: "Hackney", "City of London". */
  name: string;
  /** The council's formal name. */
  officialName: string;
}

const boroughs: [id: string, name: string, officialName?: string][] = [
  ['barking-and-dagenham', 'Barking and Dagenham'],
  ['barnet', 'Barnet'],
  ['bexley', 'Bexley'],
  ['brent', 'Brent'],
  ['bromley', 'Bromley'],
  ['camden', 'Camden'],
  ['croydon', 'Croydon'],
  ['ealing', 'Ealing'],
  ['enfield', 'Enfield'],
  ['greenwich', 'Greenwich', 'Royal Borough of Greenwich'],
  ['hackney', 'Hackney'],
  ['hammersmith-and-fulham', 'Hammersmith and Fulham'],
  ['haringey', 'Haringey'],
  ['harrow', 'Harrow'],
  ['havering', 'Havering'],
  ['hillingdon', 'Hillingdon'],
  ['hounslow', 'Hounslow'],
  ['islington', 'Islington'],
  ['kensington-and-chelsea', 'Kensington and Chelsea', 'Royal Borough of Kensington and Chelsea'],
  ['kingston-upon-thames', 'Kingston upon Thames', 'Royal Borough of Kingston upon Thames'],
  ['lambeth', 'Lambeth'],
  ['lewisham', 'Lewisham'],
  ['merton', 'Merton'],
  ['newham', 'Newham'],
  ['redbridge', 'Redbridge'],
  ['richmond-upon-thames', 'Richmond upon Thames'],
  ['southwark', 'Southwark'],
  ['sutton', 'Sutton'],
  ['tower-hamlets', 'Tower Hamlets'],
  ['waltham-forest', 'Waltham Forest'],
  ['wandsworth', 'Wandsworth'],
  ['westminster', 'Westminster', 'Westminster City Council'],
  ['city-of-london', 'City of London', 'City of London Corporation'],
];

export const londonAuthorities: readonly Authority[] = boroughs.map(([id, name, officialName]) => ({
  id,
  name,
  officialName: officialName ?? `London Borough of ${name}`,
}));

const byId = new Map(londonAuthorities.map((a) => [a.id, a]));

export function authorityById(id: string): Authority | undefined {
  return byId.get(id);
}
