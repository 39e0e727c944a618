import { PAGE_DATA_ELEMENT_ID, type PageData } from '../../page-data';

export function readPageData(): PageData {
  const element = document.getElementById(PAGE_DATA_ELEMENT_ID);
  if (!element?.textContent) throw new Error('The page has no bitbucket page data');
  return JSON.parse(element.textContent) as PageData;
}
